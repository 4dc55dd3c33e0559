import { checkBooks, checkOrder, OurOrder, TossOrder, ViolationKind } from './invariants';

const KEY = 'tpk_1';

function ours(overrides: Partial<OurOrder> = {}): OurOrder {
  return {
    orderId: 'order-1',
    status: 'PAID',
    amount: 15000,
    paymentKey: KEY,
    payment: { status: 'DONE', totalAmount: 15000, balanceAmount: 15000 },
    refunds: [],
    ...overrides,
  };
}

type TossPayment = TossOrder['payments'][number];

function toss(payment: Partial<TossPayment> | null, overrides: Partial<TossOrder> = {}): TossOrder {
  return {
    approvals: payment ? 1 : 0,
    deposits: 0,
    payments: payment
      ? [
          {
            paymentKey: KEY,
            status: 'DONE',
            method: '카드',
            totalAmount: 15000,
            balanceAmount: 15000,
            cancels: null,
            ...payment,
          },
        ]
      : [],
    ...overrides,
  };
}

const refund = (amount: number, status = 'DONE') => ({ paymentKey: KEY, amount, status });
const cancels = (...amounts: number[]) => amounts.map((cancelAmount) => ({ cancelAmount }));

describe('checkOrder', () => {
  const agreed: [string, OurOrder, TossOrder | null][] = [
    ['a paid card order', ours(), toss({})],
    [
      'an order never paid, nothing at Toss',
      ours({ status: 'PENDING', paymentKey: null, payment: null }),
      null,
    ],
    [
      'authenticated but never confirmed',
      ours({ status: 'PENDING', payment: null }),
      toss({ status: 'IN_PROGRESS' }, { approvals: 0 }),
    ],
    [
      'declined at confirm',
      ours({ status: 'PENDING', payment: null }),
      toss({ status: 'ABORTED' }, { approvals: 0 }),
    ],
    [
      'two partial refunds',
      ours({
        status: 'PARTIALLY_REFUNDED',
        payment: { status: 'PARTIAL_CANCELED', totalAmount: 15000, balanceAmount: 7000 },
        refunds: [refund(5000), refund(3000), refund(9000, 'FAILED')],
      }),
      toss({ status: 'PARTIAL_CANCELED', balanceAmount: 7000, cancels: cancels(5000, 3000) }),
    ],
    [
      'refunded in full',
      ours({
        status: 'REFUNDED',
        payment: { status: 'CANCELED', totalAmount: 15000, balanceAmount: 0 },
        refunds: [refund(15000)],
      }),
      toss({ status: 'CANCELED', balanceAmount: 0, cancels: cancels(15000) }),
    ],
    [
      'an account waiting for its deposit',
      ours({
        status: 'WAITING_FOR_DEPOSIT',
        payment: { status: 'WAITING_FOR_DEPOSIT', totalAmount: 15000, balanceAmount: 15000 },
      }),
      toss({ status: 'WAITING_FOR_DEPOSIT', method: '가상계좌' }),
    ],
    [
      'an unpaid account canceled with its order',
      ours({
        status: 'CANCELED',
        payment: { status: 'CANCELED', totalAmount: 15000, balanceAmount: 0 },
        refunds: [refund(15000)],
      }),
      toss({ status: 'CANCELED', method: '가상계좌', balanceAmount: 0, cancels: cancels(15000) }),
    ],
    [
      'an approval we voided',
      ours({ status: 'PENDING', payment: null }),
      toss({ status: 'CANCELED', balanceAmount: 0, cancels: cancels(15000) }),
    ],
  ];

  it.each(agreed)('agrees: %s', (_name, order, record) => {
    expect(checkOrder(order, record)).toEqual([]);
  });

  const broken: [string, OurOrder, TossOrder | null, ViolationKind[]][] = [
    [
      'an order left IN_PROGRESS',
      ours({ status: 'IN_PROGRESS', payment: null }),
      toss({ status: 'IN_PROGRESS' }, { approvals: 0 }),
      ['STUCK_IN_PROGRESS'],
    ],
    [
      'a refund left REQUESTED',
      ours({ refunds: [refund(1000, 'REQUESTED')] }),
      toss({}),
      ['STUCK_REFUND'],
    ],
    ['approved twice', ours(), toss({}, { approvals: 2 }), ['MULTIPLE_APPROVALS']],
    [
      'two deposits',
      ours({ status: 'PAID' }),
      toss({ method: '가상계좌' }, { deposits: 2 }),
      ['MULTIPLE_DEPOSITS'],
    ],
    [
      'approved at Toss, pending at us',
      ours({ status: 'PENDING', payment: null }),
      toss({}),
      ['APPROVED_AT_TOSS_NOT_PAID'],
    ],
    [
      'paid at us, aborted at Toss',
      ours(),
      toss({ status: 'ABORTED' }, { approvals: 0 }),
      ['PAID_BUT_NOT_APPROVED_AT_TOSS'],
    ],
    ['paid at us, nothing at Toss', ours(), null, ['PAID_BUT_NOT_APPROVED_AT_TOSS']],
    ['another paymentKey', ours({ paymentKey: 'tpk_other' }), toss({}), ['PAYMENT_KEY_DIFFERS']],
    [
      'another amount',
      ours({
        amount: 10000,
        payment: { status: 'DONE', totalAmount: 10000, balanceAmount: 10000 },
      }),
      toss({}),
      ['AMOUNT_DIFFERS', 'BALANCE_DIFFERS', 'AMOUNT_DIFFERS'],
    ],
    [
      'deposited at Toss, still waiting at us',
      ours({
        status: 'WAITING_FOR_DEPOSIT',
        payment: { status: 'WAITING_FOR_DEPOSIT', totalAmount: 15000, balanceAmount: 15000 },
      }),
      toss({ method: '가상계좌' }, { deposits: 1 }),
      ['STATUS_DIFFERS', 'PAYMENT_STATUS_DIFFERS'],
    ],
    [
      'a refund Toss made that we recorded as FAILED',
      ours({
        status: 'PARTIALLY_REFUNDED',
        payment: { status: 'PARTIAL_CANCELED', totalAmount: 15000, balanceAmount: 10000 },
        refunds: [refund(5000, 'FAILED')],
      }),
      toss({ status: 'PARTIAL_CANCELED', balanceAmount: 10000, cancels: cancels(5000) }),
      ['REFUND_TOTAL_DIFFERS'],
    ],
    [
      'a refund we count twice',
      ours({
        status: 'PARTIALLY_REFUNDED',
        payment: { status: 'PARTIAL_CANCELED', totalAmount: 15000, balanceAmount: 10000 },
        refunds: [refund(5000), refund(5000)],
      }),
      toss({ status: 'PARTIAL_CANCELED', balanceAmount: 10000, cancels: cancels(5000) }),
      ['REFUND_TOTAL_DIFFERS'],
    ],
    [
      'a stale balance',
      ours({
        status: 'PARTIALLY_REFUNDED',
        payment: { status: 'PARTIAL_CANCELED', totalAmount: 15000, balanceAmount: 12000 },
        refunds: [refund(3000), refund(4000)],
      }),
      toss({ status: 'PARTIAL_CANCELED', balanceAmount: 8000, cancels: cancels(3000, 4000) }),
      ['BALANCE_DIFFERS'],
    ],
    [
      'refunded in full at Toss, partially at us',
      ours({
        status: 'PARTIALLY_REFUNDED',
        payment: { status: 'PARTIAL_CANCELED', totalAmount: 15000, balanceAmount: 5000 },
        refunds: [refund(10000), refund(5000)],
      }),
      toss({ status: 'CANCELED', balanceAmount: 0, cancels: cancels(10000, 5000) }),
      ['STATUS_DIFFERS', 'PAYMENT_STATUS_DIFFERS', 'BALANCE_DIFFERS'],
    ],
    [
      'more refunded than paid',
      ours({
        status: 'REFUNDED',
        payment: { status: 'CANCELED', totalAmount: 15000, balanceAmount: 0 },
        refunds: [refund(15000), refund(5000)],
      }),
      toss({ status: 'CANCELED', balanceAmount: 0, cancels: cancels(15000, 5000) }),
      ['REFUNDED_MORE_THAN_PAID'],
    ],
    [
      'REFUNDED with money left',
      ours({ status: 'REFUNDED', refunds: [] }),
      toss({}),
      ['STATUS_DIFFERS', 'STATUS_INCONSISTENT_WITH_BALANCE'],
    ],
    ['paid with no payment row', ours({ payment: null }), toss({}), ['MISSING_PAYMENT_ROW']],
  ];

  it.each(broken)('finds: %s', (_name, order, record, kinds) => {
    expect(checkOrder(order, record).map((v) => v.kind)).toEqual(kinds);
  });

  it('says which order and what differs', () => {
    expect(
      checkOrder(
        ours({ payment: { status: 'DONE', totalAmount: 15000, balanceAmount: 9000 } }),
        toss({}),
      ),
    ).toEqual([
      {
        orderId: 'order-1',
        kind: 'BALANCE_DIFFERS',
        detail: 'our balance 9000 KRW, Toss 15000 KRW',
      },
      {
        orderId: 'order-1',
        kind: 'STATUS_INCONSISTENT_WITH_BALANCE',
        detail: 'ours PAID with balance 9000 of 15000 KRW',
      },
    ]);
  });
});

describe('checkBooks', () => {
  it('checks every order against its own Toss record', () => {
    const records: Record<string, TossOrder | null> = { a: toss({}), b: null };
    const violations = checkBooks(
      [ours({ orderId: 'a' }), ours({ orderId: 'b' })],
      (id) => records[id],
    );
    expect(violations.map((v) => `${v.orderId}:${v.kind}`)).toEqual([
      'b:PAID_BUT_NOT_APPROVED_AT_TOSS',
    ]);
  });
});
