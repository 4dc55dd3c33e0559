import type { TossCancel } from '../toss/toss.types';
import { ourCancel, sizeRefund, whyNotRefundable } from './refund-rules';

const payment = (over: Record<string, unknown> = {}) => ({
  status: 'DONE',
  method: '카드',
  balanceAmount: 10_000,
  raw: {},
  ...over,
});
const account = { bank: '88', accountNumber: '1', holderName: 'x' };

describe('whyNotRefundable', () => {
  it.each([
    ['PAID', 'DONE', 'pk', false, undefined],
    ['PARTIALLY_REFUNDED', 'PARTIAL_CANCELED', 'pk', false, undefined],
    ['WAITING_FOR_DEPOSIT', 'WAITING_FOR_DEPOSIT', 'pk', true, undefined],
    ['REFUNDED', 'CANCELED', 'pk', false, 'NOT_CANCELABLE'],
    ['PENDING', 'DONE', 'pk', false, 'NOT_CANCELABLE'],
    ['IN_PROGRESS', 'DONE', 'pk', false, 'NOT_CANCELABLE'],
    ['PAID', 'ABORTED', 'pk', false, 'NOT_CANCELABLE'],
    ['PAID', 'DONE', 'another', false, 'NOT_CANCELABLE'],
    // An order cancel of a virtual account whose deposit arrived meanwhile.
    ['PAID', 'DONE', 'pk', true, 'ORDER_NOT_CANCELABLE'],
    ['WAITING_FOR_DEPOSIT', 'DONE', 'pk', true, 'ORDER_NOT_CANCELABLE'],
  ] as const)(
    'order %s, payment %s, key %s, unpaid account only %s → %s',
    (orderStatus, paymentStatus, key, unpaidAccountOnly, code) => {
      const refusal = whyNotRefundable(
        { status: orderStatus, paymentKey: key },
        payment({ status: paymentStatus }),
        'pk',
        { unpaidAccountOnly },
      );
      expect(refusal?.code).toBe(code);
    },
  );
});

describe('sizeRefund: the bounds, checked before Toss is called', () => {
  it.each([
    ['the whole balance', payment(), 0, {}, { amount: 10_000, partial: false }],
    ['a part', payment(), 0, { cancelAmount: 4000 }, { amount: 4000, partial: true }],
    [
      'exactly the balance, asked by amount',
      payment(),
      0,
      { cancelAmount: 10_000 },
      { amount: 10_000, partial: false },
    ],
    [
      'what is left beside a refund in flight (sent as an amount)',
      payment(),
      3000,
      {},
      { amount: 7000, partial: true },
    ],
    ['nothing left', payment({ balanceAmount: 0 }), 0, {}, 'NOT_CANCELABLE'],
    ['everything in flight already', payment(), 10_000, { cancelAmount: 1 }, 'NOT_CANCELABLE'],
    ['more than the balance', payment(), 0, { cancelAmount: 10_001 }, 'CANCEL_AMOUNT_EXCEEDED'],
    [
      'more than is left beside a refund in flight',
      payment(),
      3000,
      { cancelAmount: 7001 },
      'CANCEL_AMOUNT_EXCEEDED',
    ],
    [
      'an unpaid account in part',
      payment({ status: 'WAITING_FOR_DEPOSIT', method: '가상계좌' }),
      0,
      { cancelAmount: 1 },
      'NOT_CANCELABLE',
    ],
    [
      'an unpaid account in full',
      payment({ status: 'WAITING_FOR_DEPOSIT', method: '가상계좌' }),
      0,
      {},
      { amount: 10_000, partial: false },
    ],
    [
      'a part Toss does not allow',
      payment({ raw: { isPartialCancelable: false } }),
      0,
      { cancelAmount: 1 },
      'NOT_CANCELABLE',
    ],
    [
      'the whole of one Toss cannot cancel in part',
      payment({ raw: { isPartialCancelable: false } }),
      0,
      {},
      { amount: 10_000, partial: false },
    ],
    [
      'a paid account without a refund account',
      payment({ method: '가상계좌' }),
      0,
      {},
      'REFUND_ACCOUNT_REQUIRED',
    ],
    [
      'a paid account with one',
      payment({ method: '가상계좌' }),
      0,
      { refundReceiveAccount: account },
      { amount: 10_000, partial: false },
    ],
    [
      'a refund account for a card',
      payment(),
      0,
      { refundReceiveAccount: account },
      'VALIDATION_ERROR',
    ],
    [
      'a refund account for an unpaid account',
      payment({ status: 'WAITING_FOR_DEPOSIT', method: '가상계좌' }),
      0,
      { refundReceiveAccount: account },
      'VALIDATION_ERROR',
    ],
  ] as const)('%s', (_, p, pending, request, expected) => {
    const sized = sizeRefund(p, pending, request);
    expect('code' in sized ? sized.code : sized).toEqual(expected);
  });
});

describe('ourCancel', () => {
  const cancel = (transactionKey: string, cancelAmount: number) =>
    ({
      transactionKey,
      cancelAmount,
      cancelReason: 'r',
      canceledAt: '2026-01-01T00:00:00Z',
    }) as TossCancel;
  const cancels = [cancel('t1', 1000), cancel('t2', 2000), cancel('t3', 1000)];

  it.each([
    ['an answer: the last cancel, whatever its amount', [], 5000, 'answer', 't3'],
    [
      'an answer whose last cancel another refund claimed: the first unclaimed of our amount',
      ['t3'],
      1000,
      'answer',
      't1',
    ],
    ['a lookup: the first unclaimed cancel of our amount', ['t1'], 1000, 'lookup', 't3'],
    ['a lookup with no cancel of our amount', [], 5000, 'lookup', undefined],
    ['all claimed', ['t1', 't2', 't3'], 1000, 'answer', undefined],
  ] as const)('%s', (_, claimed, amount, source, expected) => {
    expect(ourCancel(cancels, new Set(claimed), amount, source)?.transactionKey).toBe(expected);
  });
});
