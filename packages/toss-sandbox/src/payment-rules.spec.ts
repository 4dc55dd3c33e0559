import {
  CancelInput,
  decideConfirm,
  parseAuthorize,
  parseCancel,
  parseConfirm,
  parseIssueVirtualAccount,
  paymentDetailsFor,
  planCancel,
  virtualAccountDueDate,
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
      taxFreeAmount: 0,
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

  describe('the tax-free part', () => {
    // 15000 paid of which 4000 tax-free, nothing cancelled yet unless a balance says otherwise.
    const done = payment({ status: 'DONE' });
    it.each<[string, Partial<CancelInput>, number, number, number | string]>([
      // what, request, balance, tax-free balance, the cancel's tax-free part or the refusal
      ['a taxable part only', { cancelAmount: 5000 }, 15000, 4000, 0],
      ['a tax-free part as asked', { cancelAmount: 5000, taxFreeAmount: 1000 }, 15000, 4000, 1000],
      ['all of it tax-free', { cancelAmount: 4000, taxFreeAmount: 4000 }, 15000, 4000, 4000],
      ['everything left: all the tax-free part left', {}, 15000, 4000, 4000],
      ['everything left after tax-free cancels', {}, 9000, 1000, 1000],
      ['everything left, named', { taxFreeAmount: 4000 }, 15000, 4000, 4000],
      [
        'the whole balance as cancelAmount, its tax-free part named',
        { cancelAmount: 15000, taxFreeAmount: 4000 },
        15000,
        4000,
        4000,
      ],
      [
        'a tax-free part above the cancel',
        { cancelAmount: 1000, taxFreeAmount: 1001 },
        15000,
        4000,
        'INVALID_REQUEST',
      ],
      [
        'a tax-free part above the tax-free balance',
        { cancelAmount: 5000, taxFreeAmount: 4001 },
        15000,
        4000,
        'NOT_CANCELABLE_AMOUNT',
      ],
      [
        'any tax-free part of a taxable payment',
        { cancelAmount: 5000, taxFreeAmount: 1 },
        15000,
        0,
        'NOT_CANCELABLE_AMOUNT',
      ],
      [
        'a taxable part above the taxable balance',
        { cancelAmount: 12000 },
        15000,
        4000,
        'NOT_CANCELABLE_AMOUNT',
      ],
      [
        'the whole balance as cancelAmount without its tax-free part',
        { cancelAmount: 15000 },
        15000,
        4000,
        'NOT_CANCELABLE_AMOUNT',
      ],
      [
        'everything left with too small a tax-free part',
        { taxFreeAmount: 1000 },
        15000,
        4000,
        'NOT_CANCELABLE_AMOUNT',
      ],
      [
        'a taxable part once only tax-free is left',
        { cancelAmount: 1000 },
        4000,
        4000,
        'NOT_CANCELABLE_AMOUNT',
      ],
    ])('%s', (_what, request, balance, taxFreeBalance, expected) => {
      const input = { cancelReason: 'x', ...request };
      const p = payment({
        status: balance < 15000 ? 'PARTIAL_CANCELED' : 'DONE',
        balanceAmount: balance,
      });
      let outcome: number | string | undefined;
      try {
        outcome = planCancel(p, input, taxFreeBalance).taxFreeAmount;
      } catch (error) {
        outcome = (error as TossApiError).code;
      }
      expect(outcome).toBe(expected);
    });

    it('cancels an unpaid virtual account whole, with all its tax-free part', () => {
      const waiting = payment({ status: 'WAITING_FOR_DEPOSIT', method: '가상계좌' });
      expect(planCancel(waiting, { cancelReason: 'x' }, 4000)).toMatchObject({
        amount: 15000,
        taxFreeAmount: 4000,
      });
      expect(codeOf(() => planCancel(waiting, { cancelReason: 'x', taxFreeAmount: 0 }, 4000))).toBe(
        'NOT_CANCELABLE_AMOUNT',
      );
      expect(planCancel(done, { cancelReason: 'x' })).toMatchObject({ taxFreeAmount: 0 });
    });

    it('reads taxFreeAmount: a whole number from 0, absent or null: undefined', () => {
      expect(parseCancel({ cancelReason: 'x', taxFreeAmount: 300 }).taxFreeAmount).toBe(300);
      expect(parseCancel({ cancelReason: 'x', taxFreeAmount: null }).taxFreeAmount).toBeUndefined();
      for (const bad of [-1, 1.5, '300'])
        expect(codeOf(() => parseCancel({ cancelReason: 'x', taxFreeAmount: bad }))).toBe(
          'INVALID_REQUEST',
        );
    });
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
    expect(parseAuthorize({ orderId: 'order_123', amount: 1000 }, NOW)).toMatchObject({
      method: '카드',
      declineCode: null,
      installmentPlanMonths: 0,
      orderName: '테스트 주문',
    });
    expect(
      parseAuthorize({ orderId: 'order_123', amount: 1000, method: '가상계좌' }, NOW).method,
    ).toBe('가상계좌');
    expect(
      parseAuthorize({ orderId: 'order_123', amount: 1000, outcome: 'SUCCESS' }, NOW).declineCode,
    ).toBeNull();
    expect(
      parseAuthorize({ orderId: 'order_123', amount: 1000, outcome: 'FDS_ERROR' }, NOW).declineCode,
    ).toBe('FDS_ERROR');
    expect(
      codeOf(() => parseAuthorize({ orderId: 'order_123', amount: 150, method: 'TRANSFER' }, NOW)),
    ).toBe('BELOW_MINIMUM_AMOUNT');
    expect(
      codeOf(() => parseAuthorize({ orderId: 'order_123', amount: 1000, bank: '99' }, NOW)),
    ).toBe('INVALID_BANK');
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

describe('authorize options: metadata, taxFreeAmount, virtualAccount validHours / dueDate', () => {
  // NOW is 2024-05-01 19:00:00 in Seoul; 720 hours later is 2024-05-31 19:00:00.
  const base = { orderId: 'order_123', amount: 10000, method: 'VIRTUAL_ACCOUNT' };
  const fivePairs = { a: '1', b: '2', c: '3', d: '4', ['k'.repeat(40)]: 'v'.repeat(2000) };

  it.each<[string, Record<string, unknown>, Record<string, unknown>]>([
    ['nothing: defaults', {}, { metadata: undefined, taxFreeAmount: 0, validHours: undefined }],
    ['metadata of 5 pairs at the limits', { metadata: fivePairs }, { metadata: fivePairs }],
    ['empty metadata', { metadata: {} }, { metadata: {} }],
    ['null metadata as absent', { metadata: null }, { metadata: undefined }],
    ['taxFreeAmount 0', { taxFreeAmount: 0 }, { taxFreeAmount: 0 }],
    ['taxFreeAmount of the whole amount', { taxFreeAmount: 10000 }, { taxFreeAmount: 10000 }],
    ['validHours 1', { validHours: 1 }, { validHours: 1, dueDate: undefined }],
    ['validHours 720', { validHours: 720 }, { validHours: 720 }],
    [
      'a dueDate 720 hours ahead',
      { dueDate: '2024-05-31T19:00:00' },
      { dueDate: new Date('2024-05-31T10:00:00Z'), validHours: undefined },
    ],
    [
      'a dueDate one second ahead',
      { dueDate: '2024-05-01T19:00:01' },
      { dueDate: new Date('2024-05-01T10:00:01Z') },
    ],
  ])('takes %s', (_what, extra, expected) => {
    expect(parseAuthorize({ ...base, ...extra }, NOW)).toMatchObject(expected);
  });

  it.each<[string, Record<string, unknown>]>([
    ['metadata as an array', { metadata: ['a'] }],
    ['metadata as a string', { metadata: '{"a":"1"}' }],
    ['6 metadata pairs', { metadata: { ...fivePairs, f: '6' } }],
    ['a metadata key of 41 characters', { metadata: { ['k'.repeat(41)]: '1' } }],
    ['a metadata key with [', { metadata: { 'a[0]': '1' } }],
    ['a metadata key with ]', { metadata: { 'a]': '1' } }],
    ['a metadata value of 2001 characters', { metadata: { k: 'v'.repeat(2001) } }],
    ['a number as metadata value', { metadata: { k: 1 } }],
    ['a negative taxFreeAmount', { taxFreeAmount: -1 }],
    ['a taxFreeAmount over the amount', { taxFreeAmount: 10001 }],
    ['a fractional taxFreeAmount', { taxFreeAmount: 1.5 }],
    ['taxFreeAmount as a string', { taxFreeAmount: '100' }],
    ['validHours 0', { validHours: 0 }],
    ['validHours 721', { validHours: 721 }],
    ['fractional validHours', { validHours: 1.5 }],
    ['validHours as a string', { validHours: '24' }],
    ['a dueDate now', { dueDate: '2024-05-01T19:00:00' }],
    ['a dueDate in the past', { dueDate: '2024-04-30T19:00:00' }],
    ['a dueDate 720 hours and a second ahead', { dueDate: '2024-05-31T19:00:01' }],
    ['a dueDate without time', { dueDate: '2024-05-02' }],
    ['a dueDate with an offset', { dueDate: '2024-05-02T19:00:00+09:00' }],
    ['a dueDate that does not exist', { dueDate: '2024-05-32T19:00:00' }],
    ['a dueDate that rolls over (Date would take it)', { dueDate: '2024-05-02T24:00:00' }],
    ['validHours and dueDate together', { validHours: 24, dueDate: '2024-05-02T19:00:00' }],
    ['validHours for a card', { method: 'CARD', validHours: 24 }],
    ['dueDate for a transfer', { method: 'TRANSFER', dueDate: '2024-05-02T19:00:00' }],
  ])('refuses %s with INVALID_REQUEST', (_what, extra) => {
    expect(codeOf(() => parseAuthorize({ ...base, ...extra }, NOW))).toBe('INVALID_REQUEST');
  });

  it('keeps the options in the payment details, next to the method objects', () => {
    const input = parseAuthorize(
      { ...base, metadata: { campaign: 'spring' }, taxFreeAmount: 1000, validHours: 24 },
      NOW,
    );
    expect(paymentDetailsFor(input, 'tgen_1')).toEqual({
      virtualAccountBank: '20',
      metadata: { campaign: 'spring' },
      taxFreeAmount: 1000,
      validHours: 24,
    });
    const due = parseAuthorize({ ...base, dueDate: '2024-05-02T23:59:59' }, NOW);
    expect(paymentDetailsFor(due, 'tgen_1')).toEqual({
      virtualAccountBank: '20',
      dueDate: '2024-05-02T14:59:59.000Z',
    });
    expect(
      paymentDetailsFor(parseAuthorize({ ...base, method: 'CARD' }, NOW), 'k'),
    ).not.toHaveProperty('taxFreeAmount');
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['no deadline: 168 hours after issue', {}, '2024-05-08T10:00:00.000Z'],
    ['validHours after issue', { validHours: 24 }, '2024-05-02T10:00:00.000Z'],
    ['the dueDate as given', { dueDate: '2024-05-10T10:00:00.000Z' }, '2024-05-10T10:00:00.000Z'],
  ])('dates the virtual account issued at confirm: %s', (_what, details, expected) => {
    expect(virtualAccountDueDate(details, NOW).toISOString()).toBe(expected);
  });

  it('keeps POST /v1/virtual-accounts at 90 days, dueDate winning over validHours', () => {
    const issue = {
      orderId: 'order_123',
      amount: 10000,
      orderName: '상품',
      customerName: '토스',
      bank: '20',
    };
    expect(parseIssueVirtualAccount({ ...issue, validHours: 2160 }, NOW).validHours).toBe(2160);
    expect(codeOf(() => parseIssueVirtualAccount({ ...issue, validHours: 2161 }, NOW))).toBe(
      'INVALID_REQUEST',
    );
    expect(
      parseIssueVirtualAccount({ ...issue, validHours: 1, dueDate: '2024-07-30T19:00:00' }, NOW)
        .dueDate,
    ).toEqual(new Date('2024-07-30T10:00:00Z'));
    expect(
      codeOf(() => parseIssueVirtualAccount({ ...issue, dueDate: '2024-07-30T19:00:01' }, NOW)),
    ).toBe('INVALID_REQUEST');
  });
});
