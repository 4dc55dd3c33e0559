import { toTossPayment } from './payment-view';
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
});
