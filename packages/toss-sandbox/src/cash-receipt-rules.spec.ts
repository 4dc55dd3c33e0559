import {
  issueStatusAt,
  listPage,
  NTS_COMPLETION_MS,
  parseCancelCashReceipt,
  parseIssueCashReceipt,
  parseListCashReceipts,
  parseReceiptOutcome,
  parseWindowCashReceipt,
  paymentCancelReceiptPlan,
  paymentReceipt,
  planCashReceiptCancel,
  toTossCashReceipt,
} from './cash-receipt-rules';
import { SandboxCashReceipt } from './sandbox-cash-receipt.entity';
import { SandboxPayment } from './sandbox-payment.entity';
import { TossApiError } from './toss-errors';

const NOW = new Date('2024-05-01T10:00:00Z'); // 19:00 in Seoul

/** What `run` returns, or the code of the Toss error it throws. */
function outcomeOf(run: () => unknown): unknown {
  try {
    return run();
  } catch (error) {
    if (error instanceof TossApiError) return error.code;
    throw error;
  }
}

function receipt(overrides: Partial<SandboxCashReceipt> = {}): SandboxCashReceipt {
  return Object.assign(new SandboxCashReceipt(), {
    id: '7',
    receiptKey: 'rk',
    transactionType: 'CONFIRM',
    issueReceiptKey: null,
    paymentKey: null,
    orderId: 'order_123',
    orderName: '상품',
    type: '소득공제',
    amount: 10000,
    taxFreeAmount: 4000,
    canceledAmount: 0,
    canceledTaxFreeAmount: 0,
    issueNumber: '123456789',
    approvalNumber: '987654321',
    customerIdentityNumber: '01012345678',
    issueStatus: null,
    failure: null,
    requestedAt: NOW,
    approvedAt: NOW,
    canceledAt: null,
    ...overrides,
  } satisfies Partial<SandboxCashReceipt>);
}

describe('parseIssueCashReceipt', () => {
  const valid = {
    amount: 15000,
    orderId: 'order_123',
    orderName: '상품',
    type: '지출증빙',
    customerIdentityNumber: '1234567890',
  };

  it('reads a request; taxFreeAmount defaults to 0, registrationNumber stands in for the number', () => {
    expect(parseIssueCashReceipt(valid)).toEqual({ ...valid, taxFreeAmount: 0 });
    const { customerIdentityNumber, ...rest } = valid;
    expect(
      parseIssueCashReceipt({
        ...rest,
        registrationNumber: customerIdentityNumber,
        taxFreeAmount: 15000,
      }),
    ).toEqual({ ...valid, taxFreeAmount: 15000 });
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['no amount', { amount: undefined }, 'INVALID_REQUEST'],
    ['amount 0', { amount: 0 }, 'INVALID_REQUEST'],
    ['a fractional amount', { amount: 10.5 }, 'INVALID_REQUEST'],
    ['a short orderId', { orderId: 'abc' }, 'INVALID_REQUEST'],
    ['no orderName', { orderName: undefined }, 'INVALID_REQUEST'],
    ['orderName over 100', { orderName: 'x'.repeat(101) }, 'INVALID_REQUEST'],
    ['type 미발행', { type: '미발행' }, 'INVALID_REQUEST'],
    ['no type', { type: undefined }, 'INVALID_REQUEST'],
    ['taxFreeAmount above amount', { taxFreeAmount: 15001 }, 'INVALID_REQUEST'],
    ['a negative taxFreeAmount', { taxFreeAmount: -1 }, 'INVALID_REQUEST'],
    ['no number', { customerIdentityNumber: undefined }, 'INVALID_CASH_RECEIPT_INFO'],
    [
      'a number with dashes',
      { customerIdentityNumber: '010-1234-5678' },
      'INVALID_CASH_RECEIPT_INFO',
    ],
    [
      'a number over 30 digits',
      { customerIdentityNumber: '1'.repeat(31) },
      'INVALID_CASH_RECEIPT_INFO',
    ],
    [
      'a number that is a number',
      { customerIdentityNumber: 1012345678 },
      'INVALID_CASH_RECEIPT_INFO',
    ],
  ])('refuses %s', (_what, change, code) => {
    expect(outcomeOf(() => parseIssueCashReceipt({ ...valid, ...change }))).toBe(code);
  });
});

describe('planCashReceiptCancel', () => {
  it.each<[string, Partial<SandboxCashReceipt>, number | undefined, [number, number] | string]>([
    // what, the issue, amount asked, [amount, tax-free part] or the refusal
    ['everything', {}, undefined, [10000, 4000]],
    ['a part, tax-free in proportion', {}, 2500, [2500, 1000]],
    ['a part, rounded', {}, 3333, [3333, 1333]],
    [
      'the rest after a part',
      { canceledAmount: 2500, canceledTaxFreeAmount: 1000 },
      undefined,
      [7500, 3000],
    ],
    [
      'the last won takes all the tax-free part left',
      { canceledAmount: 9999, canceledTaxFreeAmount: 3999 },
      1,
      [1, 1],
    ],
    ['a receipt without a tax-free part', { taxFreeAmount: 0 }, 5000, [5000, 0]],
    ['more than is left', { canceledAmount: 2500 }, 7501, 'INVALID_REQUEST'],
    [
      'a fully cancelled receipt',
      { canceledAmount: 10000, canceledTaxFreeAmount: 4000 },
      undefined,
      'INVALID_REQUEST',
    ],
    ['a cancel', { transactionType: 'CANCEL' }, undefined, 'NOT_FOUND'],
  ])('%s', (_what, issue, amount, expected) => {
    const run = () => planCashReceiptCancel(receipt(issue), amount === undefined ? {} : { amount });
    expect(outcomeOf(run)).toEqual(
      typeof expected === 'string' ? expected : { amount: expected[0], taxFreeAmount: expected[1] },
    );
  });

  it('refuses an unknown receipt and reads the body', () => {
    expect(outcomeOf(() => planCashReceiptCancel(null, {}))).toBe('NOT_FOUND');
    expect(parseCancelCashReceipt({})).toEqual({});
    expect(parseCancelCashReceipt({ amount: null })).toEqual({});
    expect(parseCancelCashReceipt({ amount: 300 })).toEqual({ amount: 300 });
    expect(outcomeOf(() => parseCancelCashReceipt({ amount: 0 }))).toBe('INVALID_REQUEST');
  });
});

describe('parseListCashReceipts and listPage', () => {
  it('reads the Seoul day as an instant range, the cursor and the limit (default 100)', () => {
    expect(parseListCashReceipts({ requestDate: '2024-05-01' })).toEqual({
      from: new Date('2024-04-30T15:00:00Z'),
      to: new Date('2024-05-01T15:00:00Z'),
      cursor: undefined,
      limit: 100,
    });
    expect(
      parseListCashReceipts({ requestDate: '2024-05-01', cursor: '42', limit: '10000' }),
    ).toMatchObject({
      cursor: 42,
      limit: 10000,
    });
  });

  it.each<[string, Record<string, unknown>]>([
    ['no requestDate', {}],
    ['a date-time', { requestDate: '2024-05-01T00:00:00' }],
    ['a day that does not exist', { requestDate: '2024-02-30' }],
    ['limit 0', { requestDate: '2024-05-01', limit: '0' }],
    ['limit over 10000', { requestDate: '2024-05-01', limit: '10001' }],
    ['a cursor that is not a number', { requestDate: '2024-05-01', cursor: 'abc' }],
    ['a negative cursor', { requestDate: '2024-05-01', cursor: '-1' }],
  ])('refuses %s', (_what, query) => {
    expect(outcomeOf(() => parseListCashReceipts(query))).toBe('INVALID_REQUEST');
  });

  it('pages: hasNext when the extra row came, lastCursor the last id, null when empty', () => {
    const rows = ['1', '2', '3'].map((id) => receipt({ id, receiptKey: `rk${id}` }));
    expect(listPage(rows, 2, NOW)).toMatchObject({
      hasNext: true,
      lastCursor: 2,
      data: [{ receiptKey: 'rk1' }, { receiptKey: 'rk2' }],
    });
    expect(listPage(rows.slice(2), 2, NOW)).toMatchObject({ hasNext: false, lastCursor: 3 });
    expect(listPage([], 2, NOW)).toEqual({ hasNext: false, lastCursor: null, data: [] });
  });
});

describe('issueStatusAt and the NTS outcome', () => {
  it.each<[string, Partial<SandboxCashReceipt>, number, string]>([
    ['just requested', {}, 0, 'IN_PROGRESS'],
    ['a moment before the NTS answers', {}, NTS_COMPLETION_MS - 1, 'IN_PROGRESS'],
    ['once the NTS answered', {}, NTS_COMPLETION_MS, 'COMPLETED'],
    ['decided FAILED', { issueStatus: 'FAILED' }, NTS_COMPLETION_MS, 'FAILED'],
    ['held IN_PROGRESS', { issueStatus: 'IN_PROGRESS' }, NTS_COMPLETION_MS * 10, 'IN_PROGRESS'],
    ['decided COMPLETED at once', { issueStatus: 'COMPLETED' }, 0, 'COMPLETED'],
  ])('%s', (_what, stored, elapsedMs, status) => {
    expect(issueStatusAt(receipt(stored), new Date(NOW.getTime() + elapsedMs))).toBe(status);
  });

  it('reads the test control: FAILED with a failure (default NTS_ERROR), others without', () => {
    expect(parseReceiptOutcome({ issueStatus: 'COMPLETED' })).toEqual({
      issueStatus: 'COMPLETED',
      failure: null,
    });
    expect(parseReceiptOutcome({ issueStatus: 'FAILED' }).failure?.code).toBe('NTS_ERROR');
    const failure = { code: 'NTS_ERROR', message: '[TS1] 식별번호 길이 오류' };
    expect(parseReceiptOutcome({ issueStatus: 'FAILED', failure })).toEqual({
      issueStatus: 'FAILED',
      failure,
    });
    for (const bad of [
      {},
      { issueStatus: 'DONE' },
      { issueStatus: 'COMPLETED', failure },
      { issueStatus: 'FAILED', failure: { code: 'bad code', message: 'x' } },
      { issueStatus: 'FAILED', failure: { code: 'NTS_ERROR', message: '' } },
    ])
      expect(outcomeOf(() => parseReceiptOutcome(bad))).toBe('INVALID_REQUEST');
  });

  it("renders Toss's CashReceipt: Seoul times, the merchant's number, canceledAt only on a cancel", () => {
    const view = toTossCashReceipt(receipt(), NOW);
    expect(view).toMatchObject({
      receiptKey: 'rk',
      issueStatus: 'IN_PROGRESS',
      transactionType: 'CONFIRM',
      businessNumber: expect.stringMatching(/^\d{10}$/),
      requestedAt: '2024-05-01T19:00:00+09:00',
      approvedAt: '2024-05-01T19:00:00+09:00',
      canceledAt: null,
      receiptUrl: expect.stringContaining('receiptKey=rk'),
    });
    expect(
      toTossCashReceipt(receipt({ transactionType: 'CANCEL', canceledAt: NOW }), NOW).canceledAt,
    ).toBe('2024-05-01T19:00:00+09:00');
  });
});

describe('receipts issued with a payment', () => {
  it.each<[string, unknown, string, object | undefined | string]>([
    // what, cashReceipt, method, what is kept or the refusal
    ['none asked', undefined, '계좌이체', undefined],
    ['미발행', { type: '미발행' }, '가상계좌', undefined],
    ['미발행 by card: nothing asked', { type: '미발행' }, '카드', undefined],
    [
      '소득공제 by transfer',
      { type: '소득공제', customerIdentityNumber: '01012345678' },
      '계좌이체',
      { type: '소득공제', customerIdentityNumber: '01012345678' },
    ],
    [
      '지출증빙 by virtual account, registrationNumber',
      { type: '지출증빙', registrationNumber: '1234567890' },
      '가상계좌',
      { type: '지출증빙', customerIdentityNumber: '1234567890' },
    ],
    [
      'a card payment',
      { type: '소득공제', customerIdentityNumber: '01012345678' },
      '카드',
      'INVALID_REQUEST',
    ],
    [
      'an unknown type',
      { type: '현금', customerIdentityNumber: '01012345678' },
      '계좌이체',
      'INVALID_REQUEST',
    ],
    ['no number', { type: '소득공제' }, '계좌이체', 'INVALID_CASH_RECEIPT_INFO'],
    [
      'a number with letters',
      { type: '소득공제', customerIdentityNumber: '010abc' },
      '계좌이체',
      'INVALID_CASH_RECEIPT_INFO',
    ],
  ])('%s', (_what, value, method, expected) => {
    expect(outcomeOf(() => parseWindowCashReceipt(value, method))).toEqual(expected);
  });

  it("issues the payment's receipt for all of it, with its tax-free part", () => {
    const payment = Object.assign(new SandboxPayment(), {
      paymentKey: 'tgen_1',
      orderId: 'order_123',
      orderName: '상품',
      totalAmount: 15000,
      details: {
        taxFreeAmount: 4000,
        cashReceipt: { type: '소득공제', customerIdentityNumber: '01012345678' },
      },
    } satisfies Partial<SandboxPayment>);
    expect(paymentReceipt(payment, NOW)).toMatchObject({
      transactionType: 'CONFIRM',
      paymentKey: 'tgen_1',
      orderId: 'order_123',
      amount: 15000,
      taxFreeAmount: 4000,
      type: '소득공제',
      requestedAt: NOW,
    });
    expect(paymentReceipt(Object.assign(payment, { details: {} }), NOW)).toBeNull();
  });

  it.each<[string, Partial<SandboxCashReceipt>, number, number, [number, number] | null]>([
    // what, the issue, the payment cancel, its tax-free part, what the receipt cancel takes
    ['a part', {}, 3000, 1000, [3000, 1000]],
    ['everything', {}, 10000, 4000, [10000, 4000]],
    [
      'what is left when the API cancelled some',
      { canceledAmount: 8000, canceledTaxFreeAmount: 3500 },
      5000,
      1000,
      [2000, 500],
    ],
    [
      'nothing when all was cancelled through the API',
      { canceledAmount: 10000, canceledTaxFreeAmount: 4000 },
      5000,
      0,
      null,
    ],
  ])('a payment cancel cancels its receipt: %s', (_what, issue, amount, taxFree, expected) => {
    const plan = paymentCancelReceiptPlan(receipt(issue), amount, taxFree);
    expect(plan).toEqual(expected && { amount: expected[0], taxFreeAmount: expected[1] });
  });
});
