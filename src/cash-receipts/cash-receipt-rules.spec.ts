import { seoulDate } from '../common/seoul-time';
import { DomainError } from '../common/errors';
import type { TossCashReceipt } from '../toss/cash-receipt.types';
import {
  afterCancel,
  cancelableAmount,
  findCancel,
  findIssue,
  lookupDates,
  ReceiptBooks,
  receiptOrderId,
  receiptProblems,
  whyNoReceipt,
  windowReceipt,
} from './cash-receipt-rules';

const paidAccount = {
  method: '가상계좌',
  status: 'DONE',
  balanceAmount: 15000,
  cashReceipt: null,
};

describe('whyNoReceipt', () => {
  it.each([
    ['a paid virtual account', paidAccount, null],
    ['a paid transfer', { ...paidAccount, method: '계좌이체' }, null],
    [
      'a partly refunded account',
      { ...paidAccount, status: 'PARTIAL_CANCELED', balanceAmount: 1 },
      null,
    ],
    ['a card payment', { ...paidAccount, method: '카드' }, 'CASH_RECEIPT_NOT_AVAILABLE'],
    ['an easy payment', { ...paidAccount, method: '간편결제' }, 'CASH_RECEIPT_NOT_AVAILABLE'],
    ['no method', { ...paidAccount, method: null }, 'CASH_RECEIPT_NOT_AVAILABLE'],
    [
      'an account waiting for its deposit',
      { ...paidAccount, status: 'WAITING_FOR_DEPOSIT' },
      'CASH_RECEIPT_NOT_AVAILABLE',
    ],
    [
      'a refunded payment',
      { ...paidAccount, status: 'CANCELED', balanceAmount: 0 },
      'CASH_RECEIPT_NOT_AVAILABLE',
    ],
    [
      'nothing left',
      { ...paidAccount, status: 'PARTIAL_CANCELED', balanceAmount: 0 },
      'CASH_RECEIPT_NOT_AVAILABLE',
    ],
    [
      'a receipt from the payment window',
      { ...paidAccount, cashReceipt: { type: '소득공제', receiptKey: 'rk' } },
      'CASH_RECEIPT_EXISTS',
    ],
    [
      "the window's 미발행 (none chosen)",
      { ...paidAccount, cashReceipt: { type: '미발행' } },
      null,
    ],
    [
      'a card payment with a window receipt (not available comes first)',
      { ...paidAccount, method: '카드', cashReceipt: { type: '지출증빙' } },
      'CASH_RECEIPT_NOT_AVAILABLE',
    ],
  ] as const)('%s → %s', (_case, payment, code) => {
    const refusal = whyNoReceipt(payment);
    expect(refusal === null || refusal instanceof DomainError).toBe(true);
    expect(refusal?.code ?? null).toBe(code);
  });

  it("names the payment's method and status when it is not available, the receipt id (null) when the window issued one", () => {
    expect(whyNoReceipt({ ...paidAccount, method: '카드' })?.details).toEqual({
      method: '카드',
      status: 'DONE',
    });
    expect(whyNoReceipt({ ...paidAccount, cashReceipt: { type: '소득공제' } })?.details).toEqual({
      receiptId: null,
    });
  });
});

describe('windowReceipt', () => {
  it.each([
    [null, false],
    [{ type: '소득공제' }, true],
    [{ type: '지출증빙', receiptKey: 'k' }, true],
    [{ type: '미발행' }, false],
    [{ receiptKey: 'k' }, false],
  ])('%j → %s', (cashReceipt, issued) => {
    expect(windowReceipt({ cashReceipt }) !== null).toBe(issued);
  });
});

describe('receiptOrderId', () => {
  it.each([
    ['0b8f7c1e-2d3a-4c5b-8e9f-1a2b3c4d5e6f', 1, '0b8f7c1e-2d3a-4c5b-8e9f-1a2b3c4d5e6f-r1'],
    ['0b8f7c1e-2d3a-4c5b-8e9f-1a2b3c4d5e6f', 12, '0b8f7c1e-2d3a-4c5b-8e9f-1a2b3c4d5e6f-r12'],
    ['a'.repeat(61), 1, `${'a'.repeat(61)}-r1`],
  ])('%s, request %i → %s', (orderId, n, expected) => {
    expect(receiptOrderId(orderId, n)).toBe(expected);
  });

  it("stays within Toss's 64 characters and unique per request for a long orderId", () => {
    const long = 'b'.repeat(64);
    const [first, second] = [receiptOrderId(long, 1), receiptOrderId(long, 2)];
    expect(first).toMatch(/^[0-9a-f]{61}-r1$/);
    expect(second).toMatch(/^[0-9a-f]{61}-r2$/);
    expect(receiptOrderId(`${long.slice(1)}c`, 1)).not.toBe(first);
  });
});

describe('Korean days of a lookup', () => {
  it.each([
    ['2026-03-16T14:59:59Z', '2026-03-16', ['2026-03-16', '2026-03-17']],
    // 00:00 in Seoul is 15:00 UTC the day before.
    ['2026-03-16T15:00:00Z', '2026-03-17', ['2026-03-17', '2026-03-18']],
    ['2026-12-31T20:00:00Z', '2027-01-01', ['2027-01-01', '2027-01-02']],
  ])('%s is %s in Seoul; looked up on %j', (at, day, days) => {
    expect(seoulDate(new Date(at))).toBe(day);
    expect(lookupDates(new Date(at))).toEqual(days);
  });
});

const tossReceipt = (fields: Partial<TossCashReceipt>): TossCashReceipt => ({
  receiptKey: 'k',
  issueStatus: 'IN_PROGRESS',
  amount: 15000,
  orderId: 'order-r1',
  transactionType: 'CONFIRM',
  ...fields,
});

describe('findIssue / findCancel', () => {
  const list = [
    tossReceipt({ receiptKey: 'other', orderId: 'order-r2' }),
    tossReceipt({ receiptKey: 'issue' }),
    tossReceipt({ receiptKey: 'c_1', transactionType: 'CANCEL', amount: 3000 }),
    tossReceipt({ receiptKey: 'c_2', transactionType: 'CANCEL', amount: 3000 }),
    tossReceipt({
      receiptKey: 'c_3',
      transactionType: 'CANCEL',
      amount: 2000,
      orderId: 'order-r2',
    }),
  ];

  it('finds the CONFIRM of exactly our orderId', () => {
    expect(findIssue(list, 'order-r1')?.receiptKey).toBe('issue');
    expect(findIssue(list, 'order-r3')).toBeUndefined();
    expect(findIssue([tossReceipt({ transactionType: 'CANCEL' })], 'order-r1')).toBeUndefined();
  });

  it.each([
    [3000, [], 'c_1'],
    [3000, ['c_1'], 'c_2'],
    [3000, ['c_1', 'c_2'], undefined],
    [2000, [], undefined],
    [15000, [], undefined],
  ])('a cancel of %i with %j claimed → %s', (amount, claimed, key) => {
    expect(findCancel(list, 'order-r1', amount, new Set(claimed))?.receiptKey).toBe(key);
  });
});

describe('cancels', () => {
  it.each([
    [{ amount: 15000, canceledAmount: 0 }, 5000, { canceledAmount: 5000, status: 'ISSUED' }],
    [{ amount: 15000, canceledAmount: 5000 }, 10000, { canceledAmount: 15000, status: 'CANCELED' }],
    [{ amount: 15000, canceledAmount: 0 }, 15000, { canceledAmount: 15000, status: 'CANCELED' }],
  ])('%j less %i → %j', (receipt, amount, after) => {
    expect(afterCancel(receipt, amount)).toEqual(after);
  });

  it.each([
    [{ amount: 15000, canceledAmount: 0 }, 0, 15000],
    [{ amount: 15000, canceledAmount: 5000 }, 3000, 7000],
    [{ amount: 15000, canceledAmount: 15000 }, 0, 0],
    [{ amount: 15000, canceledAmount: 10000 }, 9000, 0],
  ])('%j with %i pending can still cancel %i', (receipt, pending, left) => {
    expect(cancelableAmount(receipt, pending)).toBe(left);
  });
});

describe('receiptProblems', () => {
  const issued: ReceiptBooks = { status: 'ISSUED', amount: 15000, canceledAmount: 0, cancels: [] };
  it.each<[string, ReceiptBooks[], number, string[]]>([
    ['no receipt', [], 15000, []],
    ['an issued receipt of the balance', [issued], 15000, []],
    [
      'one partly canceled with the refund',
      [{ ...issued, canceledAmount: 5000, cancels: [{ status: 'DONE' }] }],
      10000,
      [],
    ],
    ['a refund the receipt does not know (dashboard)', [issued], 10000, ['RECEIPT_DIFFERS']],
    ['an issue not known yet', [{ ...issued, status: 'REQUESTED' }], 15000, ['RECEIPT_UNSETTLED']],
    [
      'a cancel not known yet',
      [{ ...issued, cancels: [{ status: 'REQUESTED' }] }],
      10000,
      ['RECEIPT_UNSETTLED'],
    ],
    [
      'a failed one and a canceled one',
      [
        { ...issued, status: 'FAILED' },
        { ...issued, status: 'CANCELED', canceledAmount: 15000 },
      ],
      0,
      [],
    ],
    [
      'a failed cancel leaves the receipt above the balance',
      [{ ...issued, cancels: [{ status: 'FAILED' }] }],
      10000,
      ['RECEIPT_DIFFERS'],
    ],
  ])('%s → %j', (_case, receipts, balance, problems) => {
    expect(receiptProblems(receipts, balance)).toEqual(problems);
  });
});
