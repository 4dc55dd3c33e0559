import { canMove, verdictOf } from './order-state';

describe('order state machine', () => {
  it.each([
    ['PENDING', 'IN_PROGRESS'],
    ['IN_PROGRESS', 'PAID'],
    ['IN_PROGRESS', 'PENDING'],
    ['IN_PROGRESS', 'WAITING_FOR_DEPOSIT'],
    ['WAITING_FOR_DEPOSIT', 'PAID'],
    ['PAID', 'PARTIALLY_REFUNDED'],
    ['PARTIALLY_REFUNDED', 'REFUNDED'],
    ['PAID', 'WAITING_FOR_DEPOSIT'],
    ['PAID', 'PAID'],
  ] as const)('allows %s → %s', (from, to) => {
    expect(canMove(from, to)).toBe(true);
  });

  it.each([
    ['PAID', 'PENDING'],
    ['PAID', 'IN_PROGRESS'],
    ['REFUNDED', 'PAID'],
    ['PARTIALLY_REFUNDED', 'PAID'],
    ['CANCELED', 'PAID'],
    ['EXPIRED', 'PAID'],
    ['WAITING_FOR_DEPOSIT', 'PENDING'],
    ['PENDING', 'REFUNDED'],
  ] as const)('refuses %s → %s (never backwards)', (from, to) => {
    expect(canMove(from, to)).toBe(false);
  });

  it('reads Toss statuses, judging a full refund by the balance', () => {
    expect(verdictOf({ status: 'DONE', totalAmount: 5000, balanceAmount: 5000 })).toEqual({ kind: 'settled', status: 'PAID' });
    expect(verdictOf({ status: 'WAITING_FOR_DEPOSIT', totalAmount: 5000, balanceAmount: 5000 })).toEqual({
      kind: 'settled',
      status: 'WAITING_FOR_DEPOSIT',
    });
    expect(verdictOf({ status: 'PARTIAL_CANCELED', totalAmount: 5000, balanceAmount: 2000 })).toEqual({
      kind: 'settled',
      status: 'PARTIALLY_REFUNDED',
    });
    expect(verdictOf({ status: 'PARTIAL_CANCELED', totalAmount: 5000, balanceAmount: 0 })).toEqual({ kind: 'settled', status: 'REFUNDED' });
    expect(verdictOf({ status: 'CANCELED', totalAmount: 5000, balanceAmount: 0 })).toEqual({ kind: 'settled', status: 'REFUNDED' });
    expect(verdictOf({ status: 'ABORTED', totalAmount: 5000, balanceAmount: 5000, failure: { code: 'REJECT_CARD_PAYMENT', message: 'x' } })).toEqual({
      kind: 'failed',
      code: 'REJECT_CARD_PAYMENT',
      message: 'x',
    });
    expect(verdictOf({ status: 'EXPIRED', totalAmount: 5000, balanceAmount: 5000 })).toMatchObject({ kind: 'failed', code: 'EXPIRED_PAYMENT' });
    expect(verdictOf({ status: 'IN_PROGRESS', totalAmount: 5000, balanceAmount: 5000 })).toEqual({ kind: 'unsettled' });
    expect(verdictOf({ status: 'SOMETHING_NEW', totalAmount: 5000, balanceAmount: 5000 })).toEqual({ kind: 'unsettled' });
  });
});
