import { taxBreakdown, toTossPayment } from './payment-view';
import { SandboxPayment } from './sandbox-payment.entity';
import { SandboxTransaction } from './sandbox-transaction.entity';

describe('toTossPayment', () => {
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
    transactionAt: new Date('2024-05-01T02:00:00Z'),
  } as Partial<SandboxTransaction>);

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
