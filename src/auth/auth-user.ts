import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Role } from '../users/user.entity';

/** Who is calling, from a verified access token. */
export interface AuthUser {
  id: string;
  role: Role;
}

export const IS_PUBLIC = 'auth:public';
export const ROLES_KEY = 'auth:roles';

/** No token needed. */
export const Public = () => SetMetadata(IS_PUBLIC, true);
/** Only these roles (403 FORBIDDEN otherwise). */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

export const CurrentUser = createParamDecorator((_: unknown, ctx: ExecutionContext): AuthUser => {
  return ctx.switchToHttp().getRequest<{ user: AuthUser }>().user;
});
