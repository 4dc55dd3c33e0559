import { DomainError } from './domain.error';

/**
 * Unique constraints whose violation means a domain conflict. Check-then-insert races end here
 * instead of in a 500; the constraint names are set explicitly in the migrations.
 */
const CONFLICTS: Record<string, () => DomainError> = {
  UQ_users_email: () => new DomainError('EMAIL_TAKEN', 'That email address is already registered.'),
};

export function conflictForConstraint(constraint: string | undefined): DomainError | undefined {
  return constraint ? CONFLICTS[constraint]?.() : undefined;
}
