import type { TossCancel } from '../toss/toss.types';
import { cancelTaxFree } from './payment-snapshot';
import {
  OrderLine,
  ourCancel,
  priceRefundLines,
  sizeRefund,
  whyNotRefundable,
} from './refund-rules';

const payment = (over: Record<string, unknown> = {}) => ({
  status: 'DONE',
  method: '카드',
  balanceAmount: 10_000,
  taxFreeAmount: 0,
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
    ['the whole balance', payment(), 0, {}, { amount: 10_000, taxFreeAmount: 0, partial: false }],
    [
      'a part',
      payment(),
      0,
      { cancelAmount: 4000 },
      { amount: 4000, taxFreeAmount: 0, partial: true },
    ],
    [
      'exactly the balance, asked by amount',
      payment(),
      0,
      { cancelAmount: 10_000 },
      { amount: 10_000, taxFreeAmount: 0, partial: false },
    ],
    [
      'what is left beside a refund in flight (sent as an amount)',
      payment(),
      3000,
      {},
      { amount: 7000, taxFreeAmount: 0, partial: true },
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
      { amount: 10_000, taxFreeAmount: 0, partial: false },
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
      { amount: 10_000, taxFreeAmount: 0, partial: false },
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
      { amount: 10_000, taxFreeAmount: 0, partial: false },
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
    const sized = sizeRefund(p, { amount: pending, taxFreeAmount: 0 }, request);
    expect('code' in sized ? sized.code : sized).toEqual(expected);
  });
});

describe('sizeRefund: the tax-free and taxable parts (10,000 paid, 3,000 of it tax-free)', () => {
  const mixed = payment({ taxFreeAmount: 3000 });
  const none = { amount: 0, taxFreeAmount: 0 };
  it.each([
    [
      'the whole balance: the whole tax-free part with it',
      mixed,
      none,
      {},
      { amount: 10_000, taxFreeAmount: 3000, partial: false },
    ],
    [
      'an amount alone is all taxable',
      mixed,
      none,
      { cancelAmount: 7000 },
      { amount: 7000, taxFreeAmount: 0, partial: true },
    ],
    [
      'an amount beyond the taxable balance needs its tax-free part',
      mixed,
      none,
      { cancelAmount: 7001 },
      ['TAXABLE_AMOUNT_EXCEEDED', { taxableAmount: 7001, refundableTaxableAmount: 7000 }],
    ],
    [
      'an amount with its tax-free part',
      mixed,
      none,
      { cancelAmount: 5000, taxFreeAmount: 3000 },
      { amount: 5000, taxFreeAmount: 3000, partial: true },
    ],
    [
      'all tax-free',
      mixed,
      none,
      { cancelAmount: 3000, taxFreeAmount: 3000 },
      { amount: 3000, taxFreeAmount: 3000, partial: true },
    ],
    [
      'more tax-free than the tax-free balance',
      mixed,
      none,
      { cancelAmount: 3001, taxFreeAmount: 3001 },
      ['TAX_FREE_AMOUNT_EXCEEDED', { taxFreeAmount: 3001, refundableTaxFreeAmount: 3000 }],
    ],
    [
      'the tax-free part of a refund in flight is not refundable again',
      mixed,
      { amount: 2000, taxFreeAmount: 2000 },
      { cancelAmount: 1001, taxFreeAmount: 1001 },
      ['TAX_FREE_AMOUNT_EXCEEDED', { taxFreeAmount: 1001, refundableTaxFreeAmount: 1000 }],
    ],
    [
      'the taxable part of a refund in flight is not refundable again',
      mixed,
      { amount: 5000, taxFreeAmount: 0 },
      { cancelAmount: 2001 },
      ['TAXABLE_AMOUNT_EXCEEDED', { taxableAmount: 2001, refundableTaxableAmount: 2000 }],
    ],
    [
      'what is left beside refunds in flight, tax-free part included',
      mixed,
      { amount: 4000, taxFreeAmount: 1000 },
      {},
      { amount: 6000, taxFreeAmount: 2000, partial: true },
    ],
    [
      'a tax-free part on a payment with none',
      payment(),
      none,
      { cancelAmount: 1000, taxFreeAmount: 1 },
      ['TAX_FREE_AMOUNT_EXCEEDED', { taxFreeAmount: 1, refundableTaxFreeAmount: 0 }],
    ],
    [
      'the amount bound comes first',
      mixed,
      none,
      { cancelAmount: 10_001, taxFreeAmount: 4000 },
      ['CANCEL_AMOUNT_EXCEEDED', { cancelAmount: 10_001, refundableAmount: 10_000 }],
    ],
    [
      'an all tax-free payment',
      payment({ taxFreeAmount: 10_000 }),
      none,
      { cancelAmount: 100 },
      ['TAXABLE_AMOUNT_EXCEEDED', { taxableAmount: 100, refundableTaxableAmount: 0 }],
    ],
  ] as const)('%s', (_, p, pending, request, expected) => {
    const sized = sizeRefund(p, pending, request);
    expect('code' in sized ? [sized.code, sized.details] : sized).toEqual(expected);
  });
});

describe('priceRefundLines', () => {
  const order: OrderLine[] = [
    { position: 0, unitPrice: 5000, quantity: 2, taxClass: 'TAXABLE' },
    { position: 1, unitPrice: 3000, quantity: 3, taxClass: 'TAX_FREE' },
  ];
  it.each([
    ['one taxable line', [], [{ position: 0, quantity: 1 }], [5000, 0]],
    ['one tax-free line', [], [{ position: 1, quantity: 2 }], [6000, 6000]],
    [
      'both lines, all of them',
      [],
      [
        { position: 0, quantity: 2 },
        { position: 1, quantity: 3 },
      ],
      [19_000, 9000],
    ],
    [
      'what is left of a line refunded before',
      [[1, 2]],
      [{ position: 1, quantity: 1 }],
      [3000, 3000],
    ],
    [
      'more than the line holds',
      [],
      [{ position: 0, quantity: 3 }],
      ['REFUND_QUANTITY_EXCEEDED', { position: 0, quantity: 3, refundableQuantity: 2 }],
    ],
    [
      'more than is left of it',
      [[1, 2]],
      [{ position: 1, quantity: 2 }],
      ['REFUND_QUANTITY_EXCEEDED', { position: 1, quantity: 2, refundableQuantity: 1 }],
    ],
    [
      'a line refunded in full',
      [[0, 2]],
      [
        { position: 1, quantity: 1 },
        { position: 0, quantity: 1 },
      ],
      ['REFUND_QUANTITY_EXCEEDED', { position: 0, quantity: 1, refundableQuantity: 0 }],
    ],
    [
      'a position not on the order, named by its index in the request',
      [],
      [
        { position: 0, quantity: 1 },
        { position: 2, quantity: 1 },
      ],
      [
        'VALIDATION_ERROR',
        [{ field: 'lines.1.position', problems: ['the order has no line at position 2'] }],
      ],
    ],
  ] as const)('%s', (_, refunded, lines, expected) => {
    const priced = priceRefundLines(order, new Map(refunded), lines);
    expect(
      'code' in priced
        ? [priced.code, priced.details]
        : [priced.cancelAmount, priced.taxFreeAmount],
    ).toEqual(expected);
  });
});

describe('ourCancel', () => {
  const cancel = (transactionKey: string, cancelAmount: number, taxFreeAmount?: number) =>
    ({
      transactionKey,
      cancelAmount,
      cancelReason: 'r',
      canceledAt: '2026-01-01T00:00:00Z',
      ...(taxFreeAmount !== undefined && { taxFreeAmount }),
    }) as TossCancel;
  const cancels = [
    cancel('t1', 1000),
    cancel('t2', 2000),
    cancel('t3', 1000),
    cancel('t4', 1000, 1000),
    cancel('t5', 1000, 0),
  ];

  it.each([
    ['an answer: the last cancel, whatever its amount', [], 5000, 0, 'answer', 't5'],
    [
      'an answer whose last cancel another refund claimed: the first unclaimed of our amount',
      ['t5'],
      1000,
      0,
      'answer',
      't1',
    ],
    ['a lookup: the first unclaimed cancel of our amount', ['t1'], 1000, 0, 'lookup', 't3'],
    ['a lookup: of our amount and our tax-free part', [], 1000, 1000, 'lookup', 't4'],
    [
      'a lookup: none of our tax-free part, the first of our amount',
      ['t1'],
      1000,
      500,
      'lookup',
      't3',
    ],
    ['a lookup with no cancel of our amount', [], 5000, 0, 'lookup', undefined],
    ['all claimed', ['t1', 't2', 't3', 't4', 't5'], 1000, 0, 'answer', undefined],
  ] as const)('%s', (_, claimed, amount, taxFreeAmount, source, expected) => {
    expect(
      ourCancel(cancels, new Set(claimed), { amount, taxFreeAmount }, source)?.transactionKey,
    ).toBe(expected);
  });

  it.each([
    [{}, 0],
    [{ taxFreeAmount: 700 }, 700],
    [{ taxFreeAmount: null }, 0],
  ])("a cancel's tax-free part: %j → %d", (c, expected) => {
    expect(cancelTaxFree(c as TossCancel)).toBe(expected);
  });
});
