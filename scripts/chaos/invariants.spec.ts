import {
  checkBooks,
  checkOrder,
  OurOrder,
  OurReceipt,
  TossOrder,
  TossReceipt,
  ViolationKind,
} from './invariants';

const KEY = 'tpk_1';

type OurPayment = NonNullable<OurOrder['payment']>;

/** Our payment row; tax-free balance 0 and no window receipt unless given. */
function pay(
  status: string,
  totalAmount: number,
  balanceAmount: number,
  extra: Partial<OurPayment> = {},
): OurPayment {
  return { status, totalAmount, balanceAmount, taxFreeAmount: 0, windowReceiptKey: null, ...extra };
}

function ours(overrides: Partial<OurOrder> = {}): OurOrder {
  return {
    orderId: 'order-1',
    status: 'PAID',
    amount: 15000,
    paymentKey: KEY,
    payment: pay('DONE', 15000, 15000),
    refunds: [],
    receipts: [],
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
            taxFreeAmount: 0,
            cancels: null,
            cashReceipt: null,
            ...payment,
          },
        ]
      : [],
    receipts: [],
    ...overrides,
  };
}

const refund = (amount: number, status = 'DONE', taxFreeAmount = 0) => ({
  paymentKey: KEY,
  amount,
  taxFreeAmount,
  status,
});
const cancels = (...amounts: number[]) =>
  amounts.map((cancelAmount) => ({ cancelAmount, taxFreeAmount: 0 }));
/** Cancels as [amount, tax-free part] pairs. */
const taxedCancels = (...parts: [number, number][]) =>
  parts.map(([cancelAmount, taxFreeAmount]) => ({ cancelAmount, taxFreeAmount }));

const RECEIPT_ORDER = 'order-1-r1';

/** A receipt asked for after paying, issued at Toss as rk_1 for all of the payment. */
function receipt(overrides: Partial<OurReceipt> = {}): OurReceipt {
  return {
    id: 'rc-1',
    paymentKey: KEY,
    tossOrderId: RECEIPT_ORDER,
    status: 'ISSUED',
    amount: 15000,
    taxFreeAmount: 0,
    canceledAmount: 0,
    receiptKey: 'rk_1',
    cancels: [],
    ...overrides,
  };
}

const issuedAtToss = (amount: number, extra: Partial<TossReceipt> = {}): TossReceipt => ({
  receiptKey: 'rk_1',
  orderId: RECEIPT_ORDER,
  transactionType: 'CONFIRM',
  amount,
  taxFreeAmount: 0,
  ...extra,
});
const canceledAtToss = (amount: number, receiptKey = `c_${amount}`): TossReceipt => ({
  receiptKey,
  orderId: RECEIPT_ORDER,
  transactionType: 'CANCEL',
  amount,
  taxFreeAmount: 0,
});
const partlyRefunded = (extra: Partial<OurOrder> = {}) =>
  ours({
    status: 'PARTIALLY_REFUNDED',
    payment: pay('PARTIAL_CANCELED', 15000, 10000),
    refunds: [refund(5000)],
    ...extra,
  });
const partlyRefundedAtToss = (receipts: TossReceipt[]) =>
  toss({ status: 'PARTIAL_CANCELED', balanceAmount: 10000, cancels: cancels(5000) }, { receipts });

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
        payment: pay('PARTIAL_CANCELED', 15000, 7000),
        refunds: [refund(5000), refund(3000), refund(9000, 'FAILED')],
      }),
      toss({ status: 'PARTIAL_CANCELED', balanceAmount: 7000, cancels: cancels(5000, 3000) }),
    ],
    [
      'refunded in full',
      ours({
        status: 'REFUNDED',
        payment: pay('CANCELED', 15000, 0),
        refunds: [refund(15000)],
      }),
      toss({ status: 'CANCELED', balanceAmount: 0, cancels: cancels(15000) }),
    ],
    [
      'an account waiting for its deposit',
      ours({
        status: 'WAITING_FOR_DEPOSIT',
        payment: pay('WAITING_FOR_DEPOSIT', 15000, 15000),
      }),
      toss({ status: 'WAITING_FOR_DEPOSIT', method: '가상계좌' }),
    ],
    [
      'an unpaid account canceled with its order',
      ours({
        status: 'CANCELED',
        payment: pay('CANCELED', 15000, 0),
        refunds: [refund(15000)],
      }),
      toss({ status: 'CANCELED', method: '가상계좌', balanceAmount: 0, cancels: cancels(15000) }),
    ],
    [
      'an approval we voided',
      ours({ status: 'PENDING', payment: null }),
      toss({ status: 'CANCELED', balanceAmount: 0, cancels: cancels(15000) }),
    ],
    [
      'a mixed order refunded in part, tax-free parts as Toss cancelled them',
      ours({
        status: 'PARTIALLY_REFUNDED',
        payment: pay('PARTIAL_CANCELED', 15000, 10000, { taxFreeAmount: 1000 }),
        refunds: [refund(3000, 'DONE', 2000), refund(2000), refund(1000, 'FAILED', 1000)],
      }),
      toss({
        status: 'PARTIAL_CANCELED',
        balanceAmount: 10000,
        taxFreeAmount: 1000,
        cancels: taxedCancels([3000, 2000], [2000, 0]),
      }),
    ],
    [
      'a receipt asked for and issued, with a tax-free part',
      ours({
        payment: pay('DONE', 15000, 15000, { taxFreeAmount: 3000 }),
        receipts: [receipt({ taxFreeAmount: 3000 })],
      }),
      toss({ taxFreeAmount: 3000 }, { receipts: [issuedAtToss(15000, { taxFreeAmount: 3000 })] }),
    ],
    [
      'a receipt partly cancelled by a refund',
      partlyRefunded({
        receipts: [receipt({ canceledAmount: 5000, cancels: [{ amount: 5000, status: 'DONE' }] })],
      }),
      partlyRefundedAtToss([issuedAtToss(15000), canceledAtToss(5000)]),
    ],
    [
      'a receipt asked for after a partial refund, for the balance',
      partlyRefunded({ receipts: [receipt({ amount: 10000 })] }),
      partlyRefundedAtToss([issuedAtToss(10000)]),
    ],
    [
      'a receipt cancelled in full with the payment',
      ours({
        status: 'REFUNDED',
        payment: pay('CANCELED', 15000, 0),
        refunds: [refund(15000)],
        receipts: [
          receipt({
            status: 'CANCELED',
            canceledAmount: 15000,
            cancels: [{ amount: 15000, status: 'DONE' }],
          }),
        ],
      }),
      toss(
        { status: 'CANCELED', balanceAmount: 0, cancels: cancels(15000) },
        { receipts: [issuedAtToss(15000), canceledAtToss(15000)] },
      ),
    ],
    [
      'a receipt Toss refused, then another one issued',
      ours({
        receipts: [
          receipt({ status: 'FAILED', receiptKey: null }),
          receipt({ id: 'rc-2', tossOrderId: 'order-1-r2', receiptKey: 'rk_2' }),
        ],
      }),
      toss({}, { receipts: [issuedAtToss(15000, { receiptKey: 'rk_2', orderId: 'order-1-r2' })] }),
    ],
    [
      'a receipt issued in the payment window, recorded with the payment',
      ours({ payment: pay('DONE', 15000, 15000, { windowReceiptKey: 'wr_1' }) }),
      toss({ method: '계좌이체', cashReceipt: { receiptKey: 'wr_1', amount: 15000 } }),
    ],
    [
      'a receipt refused beside the window receipt',
      ours({
        payment: pay('DONE', 15000, 15000, { windowReceiptKey: 'wr_1' }),
        receipts: [receipt({ status: 'FAILED', receiptKey: null })],
      }),
      toss({ method: '계좌이체', cashReceipt: { receiptKey: 'wr_1', amount: 15000 } }),
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
        payment: pay('DONE', 10000, 10000),
      }),
      toss({}),
      ['AMOUNT_DIFFERS', 'BALANCE_DIFFERS', 'AMOUNT_DIFFERS'],
    ],
    [
      'deposited at Toss, still waiting at us',
      ours({
        status: 'WAITING_FOR_DEPOSIT',
        payment: pay('WAITING_FOR_DEPOSIT', 15000, 15000),
      }),
      toss({ method: '가상계좌' }, { deposits: 1 }),
      ['STATUS_DIFFERS', 'PAYMENT_STATUS_DIFFERS'],
    ],
    [
      'a refund Toss made that we recorded as FAILED',
      ours({
        status: 'PARTIALLY_REFUNDED',
        payment: pay('PARTIAL_CANCELED', 15000, 10000),
        refunds: [refund(5000, 'FAILED')],
      }),
      toss({ status: 'PARTIAL_CANCELED', balanceAmount: 10000, cancels: cancels(5000) }),
      ['REFUND_TOTAL_DIFFERS'],
    ],
    [
      'a refund we count twice',
      ours({
        status: 'PARTIALLY_REFUNDED',
        payment: pay('PARTIAL_CANCELED', 15000, 10000),
        refunds: [refund(5000), refund(5000)],
      }),
      toss({ status: 'PARTIAL_CANCELED', balanceAmount: 10000, cancels: cancels(5000) }),
      ['REFUND_TOTAL_DIFFERS'],
    ],
    [
      'a stale balance',
      ours({
        status: 'PARTIALLY_REFUNDED',
        payment: pay('PARTIAL_CANCELED', 15000, 12000),
        refunds: [refund(3000), refund(4000)],
      }),
      toss({ status: 'PARTIAL_CANCELED', balanceAmount: 8000, cancels: cancels(3000, 4000) }),
      ['BALANCE_DIFFERS'],
    ],
    [
      'refunded in full at Toss, partially at us',
      ours({
        status: 'PARTIALLY_REFUNDED',
        payment: pay('PARTIAL_CANCELED', 15000, 5000),
        refunds: [refund(10000), refund(5000)],
      }),
      toss({ status: 'CANCELED', balanceAmount: 0, cancels: cancels(10000, 5000) }),
      ['STATUS_DIFFERS', 'PAYMENT_STATUS_DIFFERS', 'BALANCE_DIFFERS'],
    ],
    [
      'more refunded than paid',
      ours({
        status: 'REFUNDED',
        payment: pay('CANCELED', 15000, 0),
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
    [
      'a stale tax-free balance',
      ours({
        status: 'PARTIALLY_REFUNDED',
        payment: pay('PARTIAL_CANCELED', 15000, 12000, { taxFreeAmount: 3000 }),
        refunds: [refund(3000, 'DONE', 3000)],
      }),
      toss({
        status: 'PARTIAL_CANCELED',
        balanceAmount: 12000,
        taxFreeAmount: 0,
        cancels: taxedCancels([3000, 3000]),
      }),
      ['TAX_FREE_BALANCE_DIFFERS'],
    ],
    [
      "a refund's tax-free part not the one Toss cancelled",
      ours({
        status: 'PARTIALLY_REFUNDED',
        payment: pay('PARTIAL_CANCELED', 15000, 12000),
        refunds: [refund(3000)],
      }),
      toss({
        status: 'PARTIAL_CANCELED',
        balanceAmount: 12000,
        cancels: taxedCancels([3000, 3000]),
      }),
      ['REFUND_TAX_FREE_DIFFERS'],
    ],
    [
      'a receipt left REQUESTED',
      ours({ receipts: [receipt({ status: 'REQUESTED', receiptKey: null })] }),
      toss({}),
      ['STUCK_RECEIPT'],
    ],
    [
      "a receipt's cancel left REQUESTED",
      partlyRefunded({
        receipts: [receipt({ cancels: [{ amount: 5000, status: 'REQUESTED' }] })],
      }),
      partlyRefundedAtToss([issuedAtToss(15000)]),
      ['STUCK_RECEIPT', 'RECEIPT_BALANCE_DIFFERS'],
    ],
    [
      'two active receipts for one payment',
      ours({
        receipts: [
          receipt(),
          receipt({ id: 'rc-2', tossOrderId: 'order-1-r2', receiptKey: 'rk_2' }),
        ],
      }),
      toss(
        {},
        {
          receipts: [
            issuedAtToss(15000),
            issuedAtToss(15000, { receiptKey: 'rk_2', orderId: 'order-1-r2' }),
          ],
        },
      ),
      ['MULTIPLE_ACTIVE_RECEIPTS'],
    ],
    [
      'one request issued twice at Toss',
      ours({ receipts: [receipt()] }),
      toss({}, { receipts: [issuedAtToss(15000), issuedAtToss(15000, { receiptKey: 'rk_x' })] }),
      ['MULTIPLE_RECEIPTS_AT_TOSS'],
    ],
    [
      'Toss cancelled more of the receipt than we recorded',
      partlyRefunded({
        receipts: [receipt({ canceledAmount: 5000, cancels: [{ amount: 5000, status: 'DONE' }] })],
      }),
      partlyRefundedAtToss([
        issuedAtToss(15000),
        canceledAtToss(5000),
        canceledAtToss(5000, 'c_2'),
      ]),
      ['RECEIPT_DIFFERS_AT_TOSS'],
    ],
    [
      'a receipt with another tax-free part at Toss',
      ours({
        payment: pay('DONE', 15000, 15000, { taxFreeAmount: 3000 }),
        receipts: [receipt({ taxFreeAmount: 3000 })],
      }),
      toss({ taxFreeAmount: 3000 }, { receipts: [issuedAtToss(15000)] }),
      ['RECEIPT_DIFFERS_AT_TOSS'],
    ],
    [
      'a receipt Toss issued that we recorded as FAILED',
      ours({ receipts: [receipt({ status: 'FAILED', receiptKey: null })] }),
      toss({}, { receipts: [issuedAtToss(15000)] }),
      ['RECEIPT_DIFFERS_AT_TOSS'],
    ],
    [
      'a receipt key Toss never issued',
      ours({ receipts: [receipt()] }),
      toss({}),
      ['RECEIPT_DIFFERS_AT_TOSS'],
    ],
    [
      'a refund that did not cancel the receipt',
      partlyRefunded({ receipts: [receipt()] }),
      partlyRefundedAtToss([issuedAtToss(15000)]),
      ['RECEIPT_BALANCE_DIFFERS'],
    ],
    [
      'a window receipt we did not record',
      ours(),
      toss({ method: '가상계좌', cashReceipt: { receiptKey: 'wr_1', amount: 15000 } }),
      ['WINDOW_RECEIPT_DIFFERS'],
    ],
    [
      'a receipt asked for beside the window receipt',
      ours({
        payment: pay('DONE', 15000, 15000, { windowReceiptKey: 'wr_1' }),
        receipts: [receipt()],
      }),
      toss(
        { method: '계좌이체', cashReceipt: { receiptKey: 'wr_1', amount: 15000 } },
        { receipts: [issuedAtToss(15000)] },
      ),
      ['WINDOW_RECEIPT_DIFFERS'],
    ],
  ];

  it.each(broken)('finds: %s', (_name, order, record, kinds) => {
    expect(checkOrder(order, record).map((v) => v.kind)).toEqual(kinds);
  });

  it('says which order and what differs', () => {
    expect(checkOrder(ours({ payment: pay('DONE', 15000, 9000) }), toss({}))).toEqual([
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
