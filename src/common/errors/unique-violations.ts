import { DomainError } from './domain.error';

/**
 * Unique constraints whose violation means a domain conflict. Check-then-insert races end here
 * instead of in a 500; the constraint names are set explicitly in the migrations.
 */
const CONFLICTS: Record<string, () => DomainError> = {
  UQ_users_email: () => new DomainError('EMAIL_TAKEN', 'That email address is already registered.'),
  // One active receipt per payment; the order's row lock already orders requests before the insert.
  UQ_cash_receipts_active: () =>
    new DomainError('CASH_RECEIPT_EXISTS', 'This payment already has a cash receipt.', {
      receiptId: null,
    }),
};

export function conflictForConstraint(constraint: string | undefined): DomainError | undefined {
  return constraint ? CONFLICTS[constraint]?.() : undefined;
}
