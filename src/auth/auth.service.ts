import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { JwtService } from '@nestjs/jwt';
import { DomainError } from '../common/errors';
import { authConfig } from '../config/app.config';
import { User } from '../users/user.entity';
import { UsersRepository } from '../users/users.repository';
import { LoginDto, RegisterDto } from './dto/register.dto';
import { TokenResponseDto, UserResponseDto } from './dto/auth-response.dto';
import { decoyHash, hashPassword, verifyPassword } from './password';

export function toUserResponse(user: User): UserResponseDto {
  return { id: user.id, email: user.email, name: user.name, role: user.role };
}

@Injectable()
export class AuthService implements OnApplicationBootstrap {
  private readonly logger = new Logger(AuthService.name);

  constructor(
    private readonly users: UsersRepository,
    private readonly jwt: JwtService,
    @Inject(authConfig.KEY) private readonly config: ConfigType<typeof authConfig>,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.jwtSecret)
      this.logger.warn(
        'JWT_SECRET is not set: tokens are signed with a dev-only key. Never run like this in production.',
      );
    const { adminEmail, adminPassword } = this.config;
    if (!adminEmail || !adminPassword) return;
    await this.users.upsertAdmin(adminEmail, await hashPassword(adminPassword));
    this.logger.log(`admin account ${adminEmail} is ready`);
  }

  async register(dto: RegisterDto): Promise<UserResponseDto> {
    if (await this.users.findByEmail(dto.email)) {
      throw new DomainError('EMAIL_TAKEN', 'That email address is already registered.');
    }
    const user = await this.users.insert({
      email: dto.email,
      name: dto.name,
      passwordHash: await hashPassword(dto.password),
      role: 'customer',
    });
    return toUserResponse(user);
  }

  async login(dto: LoginDto): Promise<TokenResponseDto> {
    const user = await this.users.findByEmail(dto.email);
    // Hash even for an unknown email, so response time does not tell which emails exist.
    const valid = await verifyPassword(dto.password, user?.passwordHash ?? (await decoyHash()));
    if (!user || !valid)
      throw new DomainError('INVALID_CREDENTIALS', 'The email or password is wrong.');
    const accessToken = await this.jwt.signAsync({ sub: user.id, role: user.role });
    return { accessToken, tokenType: 'Bearer', expiresIn: this.config.jwtExpiresInSeconds };
  }

  async me(userId: string): Promise<UserResponseDto> {
    const user = await this.users.findById(userId);
    if (!user)
      throw new DomainError('UNAUTHORIZED', 'The account behind this token no longer exists.');
    return toUserResponse(user);
  }
}
