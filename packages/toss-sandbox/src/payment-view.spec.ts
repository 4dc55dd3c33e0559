import { TossCashReceiptJson } from './cash-receipt-rules';
import { taxBreakdown, taxFreeBalanceOf, toTossPayment } from './payment-view';
import { SandboxPayment } from './sandbox-payment.entity';
import { SandboxTransaction } from './sandbox-transaction.entity';

const base = Object.assign(new SandboxPayment(), {
  paymentKey: 'tgen_1',
  orderId: 'order_123',
  orderName: '상품',
  method: '카드',
  status: 'PARTIAL_CANCELED',
  totalAmount: 15000,
  balanceAmount: 11000,
  customerName: null,
  requestedAt: new Date('2024-05-01T01:00:00Z'),
  authenticatedAt: new Date('2024-05-01T01:00:00Z'),
  approvedAt: new Date('2024-05-01T01:01:00Z'),
  lastTransactionKey: 'B',
  secret: null,
  failureCode: null,
  failureMessage: null,
  declineCode: null,
  details: {},
} as Partial<SandboxPayment>);
const cancel = Object.assign(new SandboxTransaction(), {
  transactionKey: 'B',
  kind: 'CANCEL',
  amount: 4000,
  cancelReason: '부분',
  refundableAmount: 11000,
  taxFreeAmount: 0,
  receiptKey: null,
  transactionAt: new Date('2024-05-01T02:00:00Z'),
} as Partial<SandboxTransaction>);

describe('toTossPayment', () => {
  it('renders the 2022-11-16 Payment with amounts, VAT on the balance, times in +09:00 and cancels', () => {
    const view = toTossPayment(base, [cancel]);
    expect(view).toMatchObject({
      version: '2022-11-16',
      totalAmount: 15000,
      balanceAmount: 11000,
      vat: 1000,
      suppliedAmount: 10000,
      requestedAt: '2024-05-01T10:00:00+09:00',
      approvedAt: '2024-05-01T10:01:00+09:00',
      card: null,
      failure: null,
    });
    expect(view.cancels).toEqual([
      expect.objectContaining({
        cancelAmount: 4000,
        cancelReason: '부분',
        refundableAmount: 11000,
        transactionKey: 'B',
        canceledAt: '2024-05-01T11:00:00+09:00',
        cancelStatus: 'DONE',
      }),
    ]);
    expect(view.receipt).not.toBeNull();
  });

  it('has no receipt before payment, no cancels without any, and shows a failure', () => {
    const view = toTossPayment(
      Object.assign(new SandboxPayment(), {
        ...base,
        status: 'ABORTED',
        failureCode: 'X',
        failureMessage: 'y',
      }),
      [],
    );
    expect(view).toMatchObject({
      receipt: null,
      cancels: null,
      failure: { code: 'X', message: 'y' },
    });
  });

  it('answers the metadata and tax-free part kept from authorize, null and 0 without them', () => {
    expect(toTossPayment(base, [])).toMatchObject({ metadata: null, taxFreeAmount: 0 });
    const view = toTossPayment(
      Object.assign(new SandboxPayment(), {
        ...base,
        status: 'DONE',
        balanceAmount: 15000,
        details: { metadata: { campaign: 'spring' }, taxFreeAmount: 4000 },
      }),
      [],
    );
    expect(view).toMatchObject({
      metadata: { campaign: 'spring' },
      taxFreeAmount: 4000,
      vat: 1000,
      suppliedAmount: 10000,
    });
  });
});

describe('tax-free cancels and cash receipts in the Payment', () => {
  const paid = (overrides: Partial<SandboxPayment>) =>
    Object.assign(new SandboxPayment(), { ...base, ...overrides });
  const canceled = (amount: number, taxFreeAmount: number, receiptKey: string | null = null) =>
    Object.assign(new SandboxTransaction(), { ...cancel, amount, taxFreeAmount, receiptKey });

  it.each<[string, number, number[], number]>([
    // what, the payment's tax-free part, its cancels' tax-free parts, the balance left
    ['no tax-free part', 0, [], 0],
    ['no cancel yet', 3000, [], 3000],
    ['one cancel took part of it', 3000, [1000], 2000],
    ['cancels took it all', 3000, [1000, 2000], 0],
    ['taxable cancels only', 3000, [0, 0], 3000],
  ])('tax-free balance: %s', (_what, taxFree, parts, left) => {
    const p = paid({ details: taxFree ? { taxFreeAmount: taxFree } : {} });
    expect(
      taxFreeBalanceOf(
        p,
        parts.map((part) => canceled(100, part)),
      ),
    ).toBe(left);
  });

  it('describes what is still charged: tax-free balance, VAT and supplied value of the rest', () => {
    // 15000 with 4000 tax-free; cancelled 5000 of which 1000 tax-free: 10000 left, 3000 tax-free.
    const view = toTossPayment(paid({ balanceAmount: 10000, details: { taxFreeAmount: 4000 } }), [
      canceled(5000, 1000),
    ]);
    expect(view).toMatchObject({ taxFreeAmount: 3000, vat: 636, suppliedAmount: 6364 });
    expect(view.cancels![0]).toMatchObject({ taxFreeAmount: 1000, taxExemptionAmount: 0 });
  });

  it("carries the cash receipt issued with it, its history and each cancel's receipt key", () => {
    const receipt = (receiptKey: string, transactionType: 'CONFIRM' | 'CANCEL', amount: number) =>
      ({
        receiptKey,
        transactionType,
        amount,
        taxFreeAmount: 0,
        type: '소득공제',
        issueNumber: '123456789',
        receiptUrl: `https://receipt/${receiptKey}`,
      }) as TossCashReceiptJson;
    const issue = receipt('rk', 'CONFIRM', 15000);
    const cancelled = receipt('c_rk', 'CANCEL', 4000);
    const view = toTossPayment(paid({}), [canceled(4000, 0, 'c_rk')], [issue, cancelled]);
    expect(view.cashReceipt).toEqual({
      type: '소득공제',
      receiptKey: 'rk',
      issueNumber: '123456789',
      receiptUrl: 'https://receipt/rk',
      amount: 15000,
      taxFreeAmount: 0,
    });
    expect(view.cashReceipts).toEqual([issue, cancelled]);
    expect(view.cancels![0].receiptKey).toBe('c_rk');
    expect(toTossPayment(paid({}), [])).toMatchObject({ cashReceipt: null, cashReceipts: null });
  });
});

describe('taxBreakdown', () => {
  // vat = round((amount − taxFreeAmount) / 11); amount = suppliedAmount + vat + taxFreeAmount.
  it.each<[number, number, number, number, number]>([
    // balance, tax-free asked, taxFreeAmount, vat, suppliedAmount
    [15000, 0, 0, 1364, 13636],
    [55000, 0, 0, 5000, 50000],
    [15000, 4000, 4000, 1000, 10000],
    [10000, 1000, 1000, 818, 8182],
    [10000, 10000, 10000, 0, 0],
    [1, 0, 0, 0, 1],
    [6, 0, 0, 1, 5],
    // A cancel took the balance below the tax-free part: what is left is all tax-free.
    [3000, 4000, 3000, 0, 0],
    [0, 4000, 0, 0, 0],
  ])(
    'balance %i, tax-free %i: taxFreeAmount %i, vat %i, suppliedAmount %i',
    (balance, taxFree, free, vat, supplied) => {
      const result = taxBreakdown(balance, taxFree);
      expect(result).toEqual({ taxFreeAmount: free, vat, suppliedAmount: supplied });
      expect(result.suppliedAmount + result.vat + result.taxFreeAmount).toBe(balance);
    },
  );
});
