import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import { DomainError } from '../common/errors';
import { isUuid } from '../common/ids';
import { ROLES, Role } from '../users/user.entity';
import { AuthUser, IS_PUBLIC, ROLES_KEY } from './auth-user';

interface TokenClaims {
  sub?: unknown;
  role?: unknown;
}

/** Global guard: every route needs a valid bearer token unless marked @Public(). */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly jwt: JwtService,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;

    const request = context
      .switchToHttp()
      .getRequest<{ headers: Record<string, string | undefined>; user?: AuthUser }>();
    request.user = await this.authenticate(request.headers.authorization);

    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (roles && !roles.includes(request.user.role)) {
      throw new DomainError('FORBIDDEN', 'Your role may not do that.');
    }
    return true;
  }

  private async authenticate(header: string | undefined): Promise<AuthUser> {
    const match = /^Bearer\s+(\S+)$/i.exec(header ?? '');
    if (!match)
      throw new DomainError(
        'UNAUTHORIZED',
        'Sign in first: send Authorization: Bearer <accessToken>.',
      );
    let claims: TokenClaims;
    try {
      claims = await this.jwt.verifyAsync<TokenClaims>(match[1], { algorithms: ['HS256'] });
    } catch {
      throw new DomainError('UNAUTHORIZED', 'The access token is invalid or has expired.');
    }
    if (
      typeof claims.sub !== 'string' ||
      !isUuid(claims.sub) ||
      !ROLES.includes(claims.role as Role)
    ) {
      throw new DomainError('UNAUTHORIZED', 'The access token is invalid or has expired.');
    }
    return { id: claims.sub, role: claims.role as Role };
  }
}
