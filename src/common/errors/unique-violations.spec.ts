import { conflictForConstraint } from './unique-violations';

describe('conflictForConstraint', () => {
  it.each([
    ['UQ_users_email', 'EMAIL_TAKEN', undefined],
    ['UQ_cash_receipts_active', 'CASH_RECEIPT_EXISTS', { receiptId: null }],
  ])('answers a violation of %s as %s', (constraint, code, details) => {
    const error = conflictForConstraint(constraint);
    expect(error?.code).toBe(code);
    expect(error?.details).toEqual(details);
  });

  it.each([['UQ_sandbox_transactions_key'], [undefined]])(
    'leaves any other violation (%s) to the 500 path',
    (constraint) => {
      expect(conflictForConstraint(constraint)).toBeUndefined();
    },
  );
});
