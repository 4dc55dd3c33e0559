import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { ApiErrors } from '../common/swagger';
import { AuthService } from './auth.service';
import { AuthUser, CurrentUser, Public } from './auth-user';
import { TokenResponseDto, UserResponseDto } from './dto/auth-response.dto';
import { LoginDto, RegisterDto } from './dto/register.dto';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Public()
  @Post('register')
  @ApiOperation({
    operationId: 'register',
    summary: 'Create a customer account',
    description:
      'Anyone may register; the account gets the customer role. Sign in with POST /api/v1/auth/login to get a token.',
  })
  @ApiCreatedResponse({ type: UserResponseDto, description: 'The new account.' })
  @ApiErrors('EMAIL_TAKEN')
  register(@Body() dto: RegisterDto): Promise<UserResponseDto> {
    return this.auth.register(dto);
  }

  @Public()
  @Post('login')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'login',
    summary: 'Sign in and get a bearer access token',
    description:
      'Send the token as `Authorization: Bearer <accessToken>` until it expires (expiresIn seconds); then sign in again.',
  })
  @ApiOkResponse({ type: TokenResponseDto, description: 'A bearer token.' })
  @ApiErrors('INVALID_CREDENTIALS')
  login(@Body() dto: LoginDto): Promise<TokenResponseDto> {
    return this.auth.login(dto);
  }

  @Get('me')
  @ApiBearerAuth()
  @ApiOperation({
    operationId: 'getMe',
    summary: 'The signed-in account',
    description:
      'The account the bearer token belongs to; 401 once the token expired or the account is gone.',
  })
  @ApiOkResponse({ type: UserResponseDto, description: 'The signed-in account.' })
  me(@CurrentUser() user: AuthUser): Promise<UserResponseDto> {
    return this.auth.me(user.id);
  }
}
