import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
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
  @ApiOperation({ summary: 'Create a customer account' })
  @ApiErrors('VALIDATION_ERROR', 'EMAIL_TAKEN')
  register(@Body() dto: RegisterDto): Promise<UserResponseDto> {
    return this.auth.register(dto);
  }

  @Public()
  @Post('login')
  @HttpCode(200)
  @ApiOperation({ summary: 'Sign in and get a bearer access token' })
  @ApiErrors('VALIDATION_ERROR', 'INVALID_CREDENTIALS')
  login(@Body() dto: LoginDto): Promise<TokenResponseDto> {
    return this.auth.login(dto);
  }

  @Get('me')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'The signed-in account' })
  @ApiErrors('UNAUTHORIZED')
  me(@CurrentUser() user: AuthUser): Promise<UserResponseDto> {
    return this.auth.me(user.id);
  }
}
