import type { TossPayment } from '../toss/toss.types';
import { booksProblems, OrderBooks } from './books';

const order = (over: Partial<OrderBooks> = {}): OrderBooks => ({
  orderId: 'order-1',
  status: 'PAID',
  amount: 5000,
  taxFreeAmount: 0,
  paymentKey: 'pk',
  balanceAmount: 5000,
  taxFreeBalance: 0,
  ...over,
});
const toss = (over: Partial<TossPayment> = {}): TossPayment => ({
  paymentKey: 'pk',
  orderId: 'order-1',
  status: 'DONE',
  method: '카드',
  totalAmount: 5000,
  balanceAmount: 5000,
  ...over,
});

describe('books: our order against Toss', () => {
  it('agrees on a paid order', () => {
    expect(booksProblems(order(), toss())).toEqual([]);
  });

  it('agrees on partial and full refunds judged by balance', () => {
    expect(
      booksProblems(
        order({ status: 'PARTIALLY_REFUNDED', balanceAmount: 2000 }),
        toss({ status: 'PARTIAL_CANCELED', balanceAmount: 2000 }),
      ),
    ).toEqual([]);
    expect(
      booksProblems(
        order({ status: 'REFUNDED', balanceAmount: 0 }),
        toss({ status: 'PARTIAL_CANCELED', balanceAmount: 0 }),
      ),
    ).toEqual([]);
  });

  it('agrees on an unpaid order Toss never approved', () => {
    expect(
      booksProblems(order({ status: 'PENDING', paymentKey: null, balanceAmount: null }), null),
    ).toEqual([]);
    expect(
      booksProblems(
        order({ status: 'PENDING', paymentKey: null, balanceAmount: null }),
        toss({ status: 'ABORTED' }),
      ),
    ).toEqual([]);
  });

  it('agrees on a virtual account canceled before deposit, and on one past its due date', () => {
    const account = {
      accountNumber: 'X1',
      dueDate: '2020-01-01T00:00:00+09:00',
      refundStatus: 'NONE',
    };
    expect(
      booksProblems(
        order({ status: 'CANCELED' }),
        toss({ method: '가상계좌', status: 'CANCELED', balanceAmount: 0, virtualAccount: account }),
      ),
    ).toEqual([]);
    expect(
      booksProblems(
        order({ status: 'EXPIRED' }),
        toss({ method: '가상계좌', status: 'WAITING_FOR_DEPOSIT', virtualAccount: account }),
      ),
    ).toEqual([]);
  });

  it('flags money in a virtual account of a canceled order: only an unpaid account canceled at Toss agrees', () => {
    const account = {
      accountNumber: 'X1',
      dueDate: '2099-01-01T00:00:00+09:00',
      refundStatus: 'NONE',
    };
    const canceled = order({ status: 'CANCELED' });
    const va = (over: Partial<TossPayment>) =>
      toss({ method: '가상계좌', virtualAccount: account, ...over });
    expect(
      booksProblems(canceled, va({ status: 'PARTIAL_CANCELED', balanceAmount: 1000 })),
    ).toEqual([]);
    expect(booksProblems(canceled, va({ status: 'DONE' }))).toEqual(['APPROVED_AT_TOSS_NOT_PAID']);
    expect(booksProblems(canceled, va({ status: 'WAITING_FOR_DEPOSIT' }))).toEqual([
      'APPROVED_AT_TOSS_NOT_PAID',
    ]);
    expect(
      booksProblems(
        canceled,
        va({
          status: 'PARTIAL_CANCELED',
          balanceAmount: 1000,
          virtualAccount: { ...account, refundStatus: 'COMPLETED' },
        }),
      ),
    ).toEqual(['APPROVED_AT_TOSS_NOT_PAID']);
    expect(
      booksProblems(canceled, toss({ status: 'PARTIAL_CANCELED', balanceAmount: 1000 })),
    ).toEqual(['APPROVED_AT_TOSS_NOT_PAID']);
  });

  it('flags an approval we did not record, a payment Toss does not have, and unsettled orders', () => {
    expect(booksProblems(order({ status: 'PENDING' }), toss())).toEqual([
      'APPROVED_AT_TOSS_NOT_PAID',
    ]);
    expect(booksProblems(order({ status: 'PAID' }), null)).toEqual(['PAID_BUT_NOT_AT_TOSS']);
    expect(booksProblems(order({ status: 'PAID' }), toss({ status: 'ABORTED' }))).toEqual([
      'PAID_BUT_NOT_AT_TOSS',
    ]);
    expect(booksProblems(order({ status: 'IN_PROGRESS' }), toss())).toEqual(['UNSETTLED']);
  });

  it('flags a refund made at Toss that we did not apply', () => {
    expect(
      booksProblems(order(), toss({ status: 'PARTIAL_CANCELED', balanceAmount: 3000 })),
    ).toEqual(['STATUS_DIFFERS', 'BALANCE_DIFFERS']);
  });

  it('agrees when an approval the order could not take was voided at Toss', () => {
    expect(
      booksProblems(
        order({ status: 'CANCELED', paymentKey: null, balanceAmount: null }),
        toss({ status: 'CANCELED', balanceAmount: 0 }),
      ),
    ).toEqual([]);
    expect(
      booksProblems(
        order({ status: 'PENDING', paymentKey: null, balanceAmount: null }),
        toss({ status: 'CANCELED', totalAmount: 100, balanceAmount: 0 }),
      ),
    ).toEqual([]);
  });

  it('flags a different amount', () => {
    expect(booksProblems(order(), toss({ totalAmount: 100, balanceAmount: 5000 }))).toEqual([
      'AMOUNT_DIFFERS',
    ]);
  });

  it.each([
    ['agrees on a tax-free part approved and kept', {}, {}, []],
    [
      'agrees after a tax-free cancel (approved = left + canceled)',
      { status: 'PARTIALLY_REFUNDED', balanceAmount: 4000, taxFreeBalance: 2000 },
      {
        status: 'PARTIAL_CANCELED',
        balanceAmount: 4000,
        taxFreeAmount: 2000,
        cancels: [cancel('t1', 1000, 1000)],
      },
      [],
    ],
    [
      'flags a tax-free part Toss did not approve',
      { taxFreeBalance: 0 },
      { taxFreeAmount: 0 },
      ['TAX_FREE_DIFFERS'],
    ],
    [
      'flags a tax-free balance our payment row does not hold',
      { taxFreeBalance: 1000 },
      {},
      ['TAX_FREE_BALANCE_DIFFERS'],
    ],
  ] as [string, Partial<OrderBooks>, Partial<TossPayment>, string[]][])(
    'tax-free parts: %s',
    (_, ours, theirs, problems) => {
      expect(
        booksProblems(
          order({ taxFreeAmount: 3000, taxFreeBalance: 3000, ...ours }),
          toss({ taxFreeAmount: 3000, ...theirs }),
        ),
      ).toEqual(problems);
    },
  );

  it("flags a refund whose tax-free part is not Toss's cancel's", () => {
    const paid = order({ status: 'PARTIALLY_REFUNDED', balanceAmount: 4000 });
    const refunded = toss({
      status: 'PARTIAL_CANCELED',
      balanceAmount: 4000,
      cancels: [cancel('t1', 1000, 0)],
    });
    const refund = (taxFreeAmount: number) => ({
      status: 'DONE' as const,
      amount: 1000,
      taxFreeAmount,
      transactionKey: 't1',
    });
    expect(booksProblems(paid, refunded, new Date(), [refund(0)])).toEqual([]);
    expect(booksProblems(paid, refunded, new Date(), [refund(1000)])).toEqual([
      'REFUND_TAX_FREE_DIFFERS',
    ]);
  });
});

function cancel(transactionKey: string, cancelAmount: number, taxFreeAmount: number) {
  return {
    transactionKey,
    cancelAmount,
    taxFreeAmount,
    cancelReason: 'r',
    canceledAt: '2026-01-01T00:00:00+09:00',
  };
}
