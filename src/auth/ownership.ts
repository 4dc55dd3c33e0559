import { DomainError } from '../common/errors';
import type { AuthUser } from './auth-user';

/** Not yours and not there look the same (404), so order ids cannot be probed. */
export function canSee(user: AuthUser, owned: { customerId: string }): boolean {
  return user.role === 'admin' || owned.customerId === user.id;
}

export function orderNotFound(): DomainError {
  return new DomainError('ORDER_NOT_FOUND', 'There is no such order.');
}
