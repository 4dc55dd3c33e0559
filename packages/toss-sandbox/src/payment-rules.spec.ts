import {
  decideConfirm,
  parseAuthorize,
  parseCancel,
  parseConfirm,
  planCancel,
} from './payment-rules';
import { SandboxPayment } from './sandbox-payment.entity';
import { TossApiError } from './toss-errors';
import { TossPaymentStatus } from './toss-payment.types';

const NOW = new Date('2024-05-01T10:00:00Z');

function payment(overrides: Partial<SandboxPayment> = {}): SandboxPayment {
  return Object.assign(new SandboxPayment(), {
    paymentKey: 'tgen_1',
    orderId: 'order_123',
    orderName: '상품',
    method: '카드',
    status: 'IN_PROGRESS',
    totalAmount: 15000,
    balanceAmount: 15000,
    authenticatedAt: new Date(NOW.getTime() - 60_000),
    declineCode: null,
    details: {},
    ...overrides,
  } as Partial<SandboxPayment>);
}

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (error instanceof TossApiError) return error.code;
    throw error;
  }
  throw new Error('no error');
}

describe('decideConfirm', () => {
  const input = { paymentKey: 'tgen_1', orderId: 'order_123', amount: 15000 };

  it('approves an IN_PROGRESS payment within the window with the same orderId and amount', () => {
    expect(decideConfirm(payment(), input, NOW)).toEqual({ kind: 'approve' });
  });

  it('refuses an unknown payment, another orderId and another amount with Toss codes', () => {
    const refused = (p: SandboxPayment | null, i = input) => {
      const decision = decideConfirm(p, i, NOW);
      return decision.kind === 'refuse'
        ? [decision.error.status, decision.error.code]
        : decision.kind;
    };
    expect(refused(null)).toEqual([404, 'NOT_FOUND_PAYMENT_SESSION']);
    expect(refused(payment(), { ...input, orderId: 'order_999' })).toEqual([
      403,
      'FORBIDDEN_REQUEST',
    ]);
    expect(refused(payment(), { ...input, amount: 14999 })).toEqual([400, 'INVALID_REQUEST']);
  });

  it.each<[TossPaymentStatus, string]>([
    ['DONE', 'ALREADY_PROCESSED_PAYMENT'],
    ['WAITING_FOR_DEPOSIT', 'ALREADY_PROCESSED_PAYMENT'],
    ['CANCELED', 'ALREADY_PROCESSED_PAYMENT'],
    ['PARTIAL_CANCELED', 'ALREADY_PROCESSED_PAYMENT'],
    ['ABORTED', 'NOT_FOUND_PAYMENT_SESSION'],
    ['EXPIRED', 'NOT_FOUND_PAYMENT_SESSION'],
    ['READY', 'NOT_FOUND_PAYMENT_SESSION'],
  ])('refuses a %s payment with %s', (status, code) => {
    const decision = decideConfirm(payment({ status }), input, NOW);
    expect(decision.kind === 'refuse' && decision.error.code).toBe(code);
  });

  it('expires once 10 minutes have passed since authentication, not before', () => {
    const at = (msAgo: number) =>
      decideConfirm(payment({ authenticatedAt: new Date(NOW.getTime() - msAgo) }), input, NOW).kind;
    expect(at(10 * 60_000)).toBe('approve');
    expect(at(10 * 60_000 + 1)).toBe('expire');
  });

  it('declines with the outcome chosen at authorize', () => {
    expect(decideConfirm(payment({ declineCode: 'REJECT_CARD_PAYMENT' }), input, NOW)).toEqual({
      kind: 'decline',
      code: 'REJECT_CARD_PAYMENT',
    });
  });
});

describe('planCancel', () => {
  const account = { bankCode: '88', accountNumber: '110123', holderName: '홍길동' };

  it('cancels the whole balance by default and part of it when asked', () => {
    expect(planCancel(payment({ status: 'DONE' }), { cancelReason: 'x' })).toEqual({
      amount: 15000,
      balanceAfter: 0,
      status: 'CANCELED',
      refundAccount: null,
    });
    expect(
      planCancel(payment({ status: 'DONE' }), { cancelReason: 'x', cancelAmount: 5000 }),
    ).toMatchObject({ balanceAfter: 10000, status: 'PARTIAL_CANCELED' });
    expect(
      planCancel(payment({ status: 'PARTIAL_CANCELED', balanceAmount: 5000 }), {
        cancelReason: 'x',
        cancelAmount: 5000,
      }),
    ).toMatchObject({ balanceAfter: 0, status: 'CANCELED' });
  });

  it('refuses what cannot be cancelled', () => {
    expect(
      codeOf(() =>
        planCancel(payment({ status: 'CANCELED', balanceAmount: 0 }), { cancelReason: 'x' }),
      ),
    ).toBe('ALREADY_CANCELED_PAYMENT');
    expect(
      codeOf(() => planCancel(payment({ status: 'IN_PROGRESS' }), { cancelReason: 'x' })),
    ).toBe('NOT_CANCELABLE_PAYMENT');
    expect(codeOf(() => planCancel(payment({ status: 'ABORTED' }), { cancelReason: 'x' }))).toBe(
      'NOT_CANCELABLE_PAYMENT',
    );
    expect(
      codeOf(() =>
        planCancel(payment({ status: 'DONE' }), { cancelReason: 'x', cancelAmount: 15001 }),
      ),
    ).toBe('NOT_CANCELABLE_AMOUNT');
    expect(
      codeOf(() =>
        planCancel(payment({ status: 'DONE' }), { cancelReason: 'x', refundableAmount: 1 }),
      ),
    ).toBe('NOT_MATCHES_REFUNDABLE_AMOUNT');
  });

  it('applies the virtual-account refund rules of docs/toss.md §2.4', () => {
    const waiting = payment({ method: '가상계좌', status: 'WAITING_FOR_DEPOSIT' });
    expect(planCancel(waiting, { cancelReason: 'x' })).toMatchObject({
      status: 'CANCELED',
      refundAccount: null,
    });
    expect(codeOf(() => planCancel(waiting, { cancelReason: 'x', cancelAmount: 100 }))).toBe(
      'NOT_ALLOWED_PARTIAL_REFUND_WAITING_DEPOSIT',
    );
    expect(
      codeOf(() => planCancel(waiting, { cancelReason: 'x', refundReceiveAccount: account })),
    ).toBe('INVALID_REQUEST');

    const paid = payment({ method: '가상계좌', status: 'DONE' });
    expect(codeOf(() => planCancel(paid, { cancelReason: 'x' }))).toBe('INVALID_REQUEST');
    expect(
      planCancel(paid, { cancelReason: 'x', cancelAmount: 100, refundReceiveAccount: account }),
    ).toMatchObject({ status: 'PARTIAL_CANCELED', refundAccount: account });

    expect(
      codeOf(() =>
        planCancel(payment({ status: 'DONE' }), {
          cancelReason: 'x',
          refundReceiveAccount: account,
        }),
      ),
    ).toBe('INVALID_REQUEST');
  });
});

describe('request parsing', () => {
  it('reads a confirm body and refuses the SDK amount object', () => {
    expect(
      parseConfirm({ paymentKey: 'tgen_1', orderId: 'order_123', amount: 100, extra: 1 }),
    ).toEqual({ paymentKey: 'tgen_1', orderId: 'order_123', amount: 100 });
    expect(
      codeOf(() =>
        parseConfirm({
          paymentKey: 'tgen_1',
          orderId: 'order_123',
          amount: { currency: 'KRW', value: 100 },
        }),
      ),
    ).toBe('INVALID_REQUEST');
    expect(codeOf(() => parseConfirm({ paymentKey: 'tgen_1', orderId: 'o1', amount: 100 }))).toBe(
      'INVALID_REQUEST',
    );
    expect(codeOf(() => parseConfirm(null))).toBe('INVALID_REQUEST');
  });

  it('reads authorize with defaults and Korean or English method names', () => {
    expect(parseAuthorize({ orderId: 'order_123', amount: 1000 })).toMatchObject({
      method: '카드',
      declineCode: null,
      installmentPlanMonths: 0,
      orderName: '테스트 주문',
    });
    expect(parseAuthorize({ orderId: 'order_123', amount: 1000, method: '가상계좌' }).method).toBe(
      '가상계좌',
    );
    expect(
      parseAuthorize({ orderId: 'order_123', amount: 1000, outcome: 'SUCCESS' }).declineCode,
    ).toBeNull();
    expect(
      parseAuthorize({ orderId: 'order_123', amount: 1000, outcome: 'FDS_ERROR' }).declineCode,
    ).toBe('FDS_ERROR');
    expect(
      codeOf(() => parseAuthorize({ orderId: 'order_123', amount: 150, method: 'TRANSFER' })),
    ).toBe('BELOW_MINIMUM_AMOUNT');
    expect(codeOf(() => parseAuthorize({ orderId: 'order_123', amount: 1000, bank: '99' }))).toBe(
      'INVALID_BANK',
    );
  });

  it('reads a cancel body and its refund account', () => {
    expect(
      parseCancel({
        cancelReason: 'x',
        refundReceiveAccount: { bank: '88', accountNumber: '110123', holderName: '홍길동' },
      }),
    ).toEqual({
      cancelReason: 'x',
      cancelAmount: undefined,
      refundableAmount: undefined,
      refundReceiveAccount: { bankCode: '88', accountNumber: '110123', holderName: '홍길동' },
    });
    expect(codeOf(() => parseCancel({ cancelReason: 'x', currency: 'USD' }))).toBe(
      'INVALID_REQUEST',
    );
    expect(
      codeOf(() =>
        parseCancel({
          cancelReason: 'x',
          refundReceiveAccount: { bank: '88', accountNumber: '1'.repeat(21), holderName: 'a' },
        }),
      ),
    ).toBe('INVALID_REFUND_ACCOUNT_NUMBER');
  });
});
