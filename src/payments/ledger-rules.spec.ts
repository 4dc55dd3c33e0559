import { ORDER_STATUSES, OrderStatus } from './order-status';
import type { TossPayment } from '../toss/toss.types';
import {
  canMove,
  closedByVoid,
  decide,
  failed,
  LedgerOrder,
  TossVerdict,
  unpaidAccountCanceled,
  verdictOf,
  VIRTUAL_ACCOUNT_METHOD,
} from './ledger-rules';

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
    expect(verdictOf({ status: 'DONE', totalAmount: 5000, balanceAmount: 5000 })).toEqual({
      kind: 'settled',
      status: 'PAID',
    });
    expect(
      verdictOf({ status: 'WAITING_FOR_DEPOSIT', totalAmount: 5000, balanceAmount: 5000 }),
    ).toEqual({
      kind: 'settled',
      status: 'WAITING_FOR_DEPOSIT',
    });
    expect(
      verdictOf({ status: 'PARTIAL_CANCELED', totalAmount: 5000, balanceAmount: 2000 }),
    ).toEqual({
      kind: 'settled',
      status: 'PARTIALLY_REFUNDED',
    });
    expect(verdictOf({ status: 'PARTIAL_CANCELED', totalAmount: 5000, balanceAmount: 0 })).toEqual({
      kind: 'settled',
      status: 'REFUNDED',
    });
    expect(verdictOf({ status: 'CANCELED', totalAmount: 5000, balanceAmount: 0 })).toEqual({
      kind: 'settled',
      status: 'REFUNDED',
    });
    expect(
      verdictOf({
        status: 'ABORTED',
        totalAmount: 5000,
        balanceAmount: 5000,
        failure: { code: 'REJECT_CARD_PAYMENT', message: 'x' },
      }),
    ).toEqual({
      kind: 'failed',
      code: 'REJECT_CARD_PAYMENT',
      message: 'x',
    });
    expect(verdictOf({ status: 'EXPIRED', totalAmount: 5000, balanceAmount: 5000 })).toMatchObject({
      kind: 'failed',
      code: 'EXPIRED_PAYMENT',
    });
    expect(verdictOf({ status: 'IN_PROGRESS', totalAmount: 5000, balanceAmount: 5000 })).toEqual({
      kind: 'unsettled',
    });
    expect(verdictOf({ status: 'SOMETHING_NEW', totalAmount: 5000, balanceAmount: 5000 })).toEqual({
      kind: 'unsettled',
    });
  });
});

const ALL: readonly OrderStatus[] = ORDER_STATUSES;
/** Every move the ledger allows; anything else (but staying put) is refused. */
const ALLOWED: Record<OrderStatus, readonly OrderStatus[]> = {
  PENDING: ['IN_PROGRESS', 'PAID', 'WAITING_FOR_DEPOSIT', 'CANCELED', 'EXPIRED'],
  IN_PROGRESS: [
    'PENDING',
    'CANCELED',
    'PAID',
    'WAITING_FOR_DEPOSIT',
    'PARTIALLY_REFUNDED',
    'REFUNDED',
    'EXPIRED',
  ],
  WAITING_FOR_DEPOSIT: ['PAID', 'PARTIALLY_REFUNDED', 'REFUNDED', 'CANCELED', 'EXPIRED'],
  PAID: ['PARTIALLY_REFUNDED', 'REFUNDED', 'WAITING_FOR_DEPOSIT'],
  PARTIALLY_REFUNDED: ['REFUNDED'],
  REFUNDED: [],
  CANCELED: [],
  EXPIRED: [],
};

describe('the state table, every pair', () => {
  it.each(ALL.flatMap((from) => ALL.map((to) => [from, to] as const)))('%s → %s', (from, to) => {
    expect(canMove(from, to)).toBe(from === to || ALLOWED[from].includes(to));
  });
});

const NOW = new Date('2026-01-01T00:00:00Z');
const order = (over: Partial<LedgerOrder> = {}): LedgerOrder => ({
  orderId: 'order-1',
  amount: 5000,
  taxFreeAmount: 0,
  status: 'IN_PROGRESS',
  expiresAt: new Date(NOW.getTime() + 60_000),
  paymentKey: 'pk',
  paidAt: null,
  canceledAt: null,
  nextCheckAt: new Date(NOW.getTime() + 5_000),
  checkCount: 2,
  lastFailureCode: null,
  lastFailureMessage: null,
  ...over,
});
const toss = (over: Partial<TossPayment> = {}): TossPayment => ({
  paymentKey: 'pk',
  orderId: 'order-1',
  status: 'DONE',
  method: '카드',
  totalAmount: 5000,
  balanceAmount: 5000,
  approvedAt: '2025-12-31T23:59:00Z',
  ...over,
});
const account = (refundStatus: string) => ({ accountNumber: 'X1', refundStatus });
const vaCanceled = (refundStatus = 'NONE') =>
  toss({
    method: VIRTUAL_ACCOUNT_METHOD,
    status: 'CANCELED',
    balanceAmount: 0,
    virtualAccount: account(refundStatus),
  });

function decided(o: LedgerOrder, t: TossPayment) {
  const verdict = verdictOf(t);
  if (verdict.kind === 'unsettled') throw new Error('unsettled');
  const d = decide(o, t, verdict, NOW);
  return d.kind === 'applied'
    ? `applied ${d.order.status} ${d.attempt.status}`
    : d.kind === 'void'
      ? `void ${d.code}: ${d.reason}`
      : 'stale';
}

describe('decide: what Toss says does to the order', () => {
  it.each([
    ['our approval', order(), toss(), 'applied PAID APPROVED'],
    [
      'an account issued',
      order(),
      toss({ status: 'WAITING_FOR_DEPOSIT' }),
      'applied WAITING_FOR_DEPOSIT APPROVED',
    ],
    ['the deposit', order({ status: 'WAITING_FOR_DEPOSIT' }), toss(), 'applied PAID APPROVED'],
    [
      'a partial refund',
      order({ status: 'PAID' }),
      toss({ status: 'PARTIAL_CANCELED', balanceAmount: 2000 }),
      'applied PARTIALLY_REFUNDED APPROVED',
    ],
    [
      'a full refund by balance',
      order({ status: 'PARTIALLY_REFUNDED' }),
      toss({ status: 'PARTIAL_CANCELED', balanceAmount: 0 }),
      'applied REFUNDED APPROVED',
    ],
    [
      'an approval found for a pending order',
      order({ status: 'PENDING', paymentKey: null }),
      toss(),
      'applied PAID APPROVED',
    ],
    [
      'an unpaid account canceled',
      order({ status: 'WAITING_FOR_DEPOSIT' }),
      vaCanceled(),
      'applied CANCELED APPROVED',
    ],
    [
      'a paid account refunded',
      order({ status: 'PAID' }),
      vaCanceled('COMPLETED'),
      'applied REFUNDED APPROVED',
    ],
    [
      'a card canceled while waiting is a refund',
      order({ status: 'WAITING_FOR_DEPOSIT' }),
      toss({ status: 'CANCELED', balanceAmount: 0 }),
      'applied REFUNDED APPROVED',
    ],
    ['a failure of our attempt', order(), toss({ status: 'ABORTED' }), 'applied PENDING FAILED'],
    [
      'a failure of our attempt after expiry',
      order({ expiresAt: new Date(NOW.getTime() - 1) }),
      toss({ status: 'EXPIRED' }),
      'applied EXPIRED FAILED',
    ],
    [
      'a failure of another attempt',
      order({ paymentKey: 'other' }),
      toss({ status: 'ABORTED' }),
      'stale',
    ],
    [
      'a failure after the order was paid',
      order({ status: 'PAID' }),
      toss({ status: 'ABORTED' }),
      'stale',
    ],
    ['an older snapshot (backwards)', order({ status: 'REFUNDED' }), toss(), 'stale'],
    [
      'another payment canceled',
      order({ status: 'PAID', paymentKey: 'other' }),
      toss({ status: 'CANCELED', balanceAmount: 0 }),
      'stale',
    ],
    [
      'another amount',
      order(),
      toss({ totalAmount: 100, balanceAmount: 100 }),
      "void PAYMENT_MISMATCH: approved amount 100 differs from the order's 5000",
    ],
    [
      'a second payment',
      order({ status: 'PAID', paymentKey: 'other' }),
      toss(),
      'void PAYMENT_MISMATCH: order already paid by other',
    ],
    [
      'an approval for a canceled order',
      order({ status: 'CANCELED', paymentKey: null }),
      toss(),
      'void PAYMENT_MISMATCH: order is CANCELED',
    ],
    [
      'an approval for an expired order',
      order({ status: 'EXPIRED', paymentKey: null }),
      toss({ status: 'WAITING_FOR_DEPOSIT' }),
      'void PAYMENT_MISMATCH: order is EXPIRED',
    ],
    [
      'the tax-free part approved',
      order({ taxFreeAmount: 3000 }),
      toss({ taxFreeAmount: 3000 }),
      'applied PAID APPROVED',
    ],
    [
      'the tax-free part after a tax-free cancel (approved = left + canceled)',
      order({ taxFreeAmount: 3000 }),
      toss({
        status: 'PARTIAL_CANCELED',
        balanceAmount: 4000,
        taxFreeAmount: 2000,
        cancels: [
          {
            cancelAmount: 1000,
            taxFreeAmount: 1000,
            cancelReason: 'r',
            canceledAt: '2026-01-01T00:00:00Z',
            transactionKey: 't1',
          },
        ],
      }),
      'applied PARTIALLY_REFUNDED APPROVED',
    ],
    [
      'a window request without the tax-free part',
      order({ taxFreeAmount: 3000 }),
      toss(),
      "void TAX_FREE_AMOUNT_MISMATCH: approved tax-free amount 0 differs from the order's 3000",
    ],
    [
      'an account issued with another tax-free part',
      order({ taxFreeAmount: 3000 }),
      toss({ status: 'WAITING_FOR_DEPOSIT', taxFreeAmount: 1000 }),
      "void TAX_FREE_AMOUNT_MISMATCH: approved tax-free amount 1000 differs from the order's 3000",
    ],
    [
      'a tax-free part found for a pending order',
      order({ status: 'PENDING', paymentKey: null }),
      toss({ taxFreeAmount: 500 }),
      "void TAX_FREE_AMOUNT_MISMATCH: approved tax-free amount 500 differs from the order's 0",
    ],
    [
      'a later snapshot of a paid order is the books report’s, not a void',
      order({ status: 'PAID', taxFreeAmount: 3000 }),
      toss({ status: 'PARTIAL_CANCELED', balanceAmount: 4000 }),
      'applied PARTIALLY_REFUNDED APPROVED',
    ],
    [
      'the deposit of an account checked at issue',
      order({ status: 'WAITING_FOR_DEPOSIT', taxFreeAmount: 3000 }),
      toss(),
      'applied PAID APPROVED',
    ],
  ] as const)('%s', (_, o, t, expected) => {
    expect(decided(o, t)).toBe(expected);
  });

  it('moves a copy: paid at Toss’s approval time, reconciler bookkeeping and the old failure cleared', () => {
    const before = order({ lastFailureCode: 'X', lastFailureMessage: 'y' });
    const d = decide(
      before,
      toss(),
      verdictOf(toss()) as Exclude<TossVerdict, { kind: 'unsettled' }>,
      NOW,
    );
    expect(d).toEqual({
      kind: 'applied',
      order: {
        ...before,
        status: 'PAID',
        paidAt: new Date('2025-12-31T23:59:00Z'),
        nextCheckAt: null,
        lastFailureCode: null,
        lastFailureMessage: null,
      },
      attempt: { idempotencyKey: 'confirm:order-1:pk', status: 'APPROVED' },
    });
    expect(before.status).toBe('IN_PROGRESS');
  });

  it('keeps the first paidAt and stamps canceledAt once', () => {
    const paidAt = new Date('2025-01-01T00:00:00Z');
    const refunded = decide(
      order({ status: 'PAID', paidAt }),
      toss({ status: 'CANCELED', balanceAmount: 0 }),
      { kind: 'settled', status: 'REFUNDED' },
      NOW,
    );
    expect(refunded.kind === 'applied' && refunded.order.paidAt).toEqual(paidAt);
    const canceled = decide(
      order({ status: 'WAITING_FOR_DEPOSIT' }),
      vaCanceled(),
      { kind: 'settled', status: 'REFUNDED' },
      NOW,
    );
    expect(
      canceled.kind === 'applied' && [canceled.order.canceledAt, canceled.order.paidAt],
    ).toEqual([NOW, null]);
  });

  it('a failure frees the order for another try, with the reason cut to the columns', () => {
    const moved = failed(order(), 'pk', { code: 'C'.repeat(70), message: 'm'.repeat(600) }, NOW);
    expect(moved.order).toMatchObject({
      status: 'PENDING',
      paymentKey: null,
      nextCheckAt: null,
      checkCount: 0,
    });
    expect([moved.order.lastFailureCode?.length, moved.order.lastFailureMessage?.length]).toEqual([
      64, 510,
    ]);
    expect(moved.attempt).toEqual({
      idempotencyKey: 'confirm:order-1:pk',
      status: 'FAILED',
      failure: { code: moved.order.lastFailureCode, message: moved.order.lastFailureMessage },
    });
  });
});

describe('unpaidAccountCanceled', () => {
  it.each([
    [vaCanceled(), true],
    [toss({ ...vaCanceled(), status: 'PARTIAL_CANCELED', balanceAmount: 100 }), true],
    [toss({ ...vaCanceled(), virtualAccount: { accountNumber: 'X1' } }), true],
    [vaCanceled('COMPLETED'), false],
    [vaCanceled('PENDING'), false],
    [toss({ ...vaCanceled(), status: 'DONE' }), false],
    [toss({ ...vaCanceled(), status: 'WAITING_FOR_DEPOSIT' }), false],
    [toss({ status: 'CANCELED', balanceAmount: 0 }), false],
  ])('%#', (payment, expected) => {
    expect(unpaidAccountCanceled(payment)).toBe(expected);
  });
});

describe('closedByVoid: an approval voided at Toss spends the orderId', () => {
  const why = { code: 'TAX_FREE_AMOUNT_MISMATCH', message: 'approved tax-free amount 0' };
  it.each([
    ['our confirm under way', order(), 'CANCELED'],
    [
      'a pending order whose approval a lookup found',
      order({ status: 'PENDING', paymentKey: null }),
      'CANCELED',
    ],
    ['another confirm under way', order({ paymentKey: 'other' }), 'untouched'],
    ['a paid order', order({ status: 'PAID' }), 'untouched'],
    ['an expired order', order({ status: 'EXPIRED' }), 'untouched'],
  ] as const)('%s → %s', (_, o, expected) => {
    expect(closedByVoid(o, 'pk', why, NOW)?.order.status ?? 'untouched').toBe(expected);
  });

  it('keeps the reason on the order and the attempt, and the voided payment as the order’s', () => {
    expect(closedByVoid(order(), 'pk', why, NOW)).toEqual({
      order: expect.objectContaining({
        status: 'CANCELED',
        paymentKey: 'pk',
        canceledAt: NOW,
        nextCheckAt: null,
        lastFailureCode: why.code,
        lastFailureMessage: why.message,
      }),
      attempt: {
        idempotencyKey: 'confirm:order-1:pk',
        status: 'FAILED',
        failure: { code: why.code, message: why.message },
      },
    });
  });
});
