import type { Payment } from '../payments/payment.entity';
import type { TossPayment } from '../toss/toss.types';
import { requestedView, shownIdentity, windowView } from './cash-receipt-view';
import type { CashReceipt } from './cash-receipt.entity';

const approvedAt = new Date('2026-03-17T01:00:00Z');

function payment(fields: Partial<Payment>, raw: Partial<TossPayment> = {}): Payment {
  return {
    paymentKey: 'pk',
    orderId: 'order',
    status: 'DONE',
    method: '가상계좌',
    balanceAmount: 15000,
    totalAmount: 15000,
    taxFreeAmount: 0,
    cashReceipt: null,
    approvedAt,
    createdAt: approvedAt,
    ...fields,
    raw: { paymentKey: 'pk', orderId: 'order', status: 'DONE', ...raw } as TossPayment,
  } as Payment;
}

describe('windowView', () => {
  it('is null without a receipt from the window, or with 미발행', () => {
    expect(windowView(payment({}))).toBeNull();
    expect(windowView(payment({ cashReceipt: { type: '미발행' } }))).toBeNull();
  });

  it("reads the issue and its cancels from Toss's history, the number masked", () => {
    const view = windowView(
      payment(
        {
          cashReceipt: {
            type: '소득공제',
            receiptKey: 'rk',
            issueNumber: '123456789',
            receiptUrl: 'https://r/rk',
            amount: 15000,
            taxFreeAmount: 3000,
          },
        },
        {
          cashReceipts: [
            {
              receiptKey: 'rk',
              transactionType: 'CONFIRM',
              amount: 15000,
              taxFreeAmount: 3000,
              issueStatus: 'COMPLETED',
              customerIdentityNumber: '*******5678',
              requestedAt: '2026-03-17T10:00:00+09:00',
            },
            { receiptKey: 'c_1', transactionType: 'CANCEL', amount: 4000 },
          ],
        },
      ),
    );
    expect(view).toEqual({
      id: null,
      source: 'PAYMENT_WINDOW',
      type: '소득공제',
      identityNumber: '*******5678',
      amount: 15000,
      taxFreeAmount: 3000,
      canceledAmount: 4000,
      status: 'ISSUED',
      issueStatus: 'COMPLETED',
      issueNumber: '123456789',
      receiptUrl: 'https://r/rk',
      requestedAt: '2026-03-17T01:00:00.000Z',
    });
  });

  it('is CANCELED once its cancels add up to it; without history it takes the payment’s fields', () => {
    const canceled = windowView(
      payment(
        { cashReceipt: { type: '지출증빙', receiptKey: 'rk', amount: 5000 } },
        {
          cashReceipts: [
            { receiptKey: 'rk', transactionType: 'CONFIRM', amount: 5000 },
            { receiptKey: 'c_1', transactionType: 'CANCEL', amount: 2000 },
            { receiptKey: 'c_2', transactionType: 'CANCEL', amount: 3000 },
          ],
        },
      ),
    );
    expect(canceled).toMatchObject({ status: 'CANCELED', canceledAmount: 5000 });
    const bare = windowView(payment({ cashReceipt: { type: '지출증빙', amount: 7000 } }));
    expect(bare).toMatchObject({
      amount: 7000,
      canceledAmount: 0,
      identityNumber: null,
      issueStatus: null,
      status: 'ISSUED',
      requestedAt: approvedAt.toISOString(),
    });
  });

  it('never answers a number Toss sent unmasked', () => {
    const view = windowView(
      payment(
        { cashReceipt: { type: '소득공제' } },
        {
          cashReceipts: [
            { transactionType: 'CONFIRM', amount: 1000, customerIdentityNumber: '01012345678' },
          ],
        },
      ),
    );
    expect(view?.identityNumber).toBe('*******5678');
  });
});

describe('shownIdentity', () => {
  it.each([
    ['*******5678', '*******5678'],
    ['01012345678', '*******5678'],
    ['', null],
    [undefined, null],
    [5678, null],
  ])('%j → %j', (value, shown) => {
    expect(shownIdentity(value)).toBe(shown);
  });
});

describe('requestedView', () => {
  const receipt = {
    id: 'id',
    type: '지출증빙',
    identityMasked: '******7890',
    amount: 11000,
    taxFreeAmount: 3000,
    canceledAmount: 2000,
    status: 'ISSUED',
    issueStatus: 'IN_PROGRESS',
    issueNumber: '1',
    receiptUrl: 'u',
    failureCode: null,
    failureMessage: null,
    createdAt: approvedAt,
  } as CashReceipt;

  it('answers the masked number and no failure unless it failed', () => {
    expect(requestedView(receipt)).toEqual({
      id: 'id',
      source: 'REQUESTED',
      type: '지출증빙',
      identityNumber: '******7890',
      amount: 11000,
      taxFreeAmount: 3000,
      canceledAmount: 2000,
      status: 'ISSUED',
      issueStatus: 'IN_PROGRESS',
      issueNumber: '1',
      receiptUrl: 'u',
      requestedAt: approvedAt.toISOString(),
    });
    expect(
      requestedView({
        ...receipt,
        status: 'FAILED',
        failureCode: 'NTS_ERROR',
        failureMessage: '[TS1]',
      }).failure,
    ).toEqual({ code: 'NTS_ERROR', message: '[TS1]' });
  });
});
