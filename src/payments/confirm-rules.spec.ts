import type { OrderPayment } from './order-payment';
import { whyNotStarted } from './confirm-rules';

const NOW = new Date('2026-01-01T00:00:00Z');
const ME = 'customer-1';
const order = (over: Partial<OrderPayment> = {}) => ({
  customerId: ME,
  status: 'PENDING' as OrderPayment['status'],
  paymentKey: null as string | null,
  amount: 5000,
  expiresAt: new Date(NOW.getTime() + 60_000),
  ...over,
});
const input = { paymentKey: 'pk', orderId: 'order-1', amount: 5000 };
const expired = new Date(NOW.getTime() - 1);

function outcome(
  customerId: string | null,
  o: ReturnType<typeof order> | null,
  amount = input.amount,
): string {
  const result = whyNotStarted(customerId, { ...input, amount }, o, NOW);
  return result === undefined ? 'start' : result.kind === 'done' ? 'done' : result.error.code;
}

describe('whyNotStarted: the refusals of confirm, in the contract’s order', () => {
  it.each([
    ['no such order', ME, null, 5000, 'ORDER_NOT_FOUND'],
    [
      'another customer’s order (even paid, even a wrong amount)',
      'someone-else',
      order({ status: 'PAID', paymentKey: 'pk' }),
      1,
      'ORDER_NOT_FOUND',
    ],
    [
      'the same confirm again after success',
      ME,
      order({ status: 'PAID', paymentKey: 'pk' }),
      5000,
      'done',
    ],
    ['… and in redirect mode', null, order({ status: 'REFUNDED', paymentKey: 'pk' }), 5000, 'done'],
    [
      'the same confirm again with another amount',
      ME,
      order({ status: 'WAITING_FOR_DEPOSIT', paymentKey: 'pk' }),
      1,
      'AMOUNT_MISMATCH',
    ],
    [
      'redirect mode: a wrong amount before anything else',
      null,
      order({ status: 'IN_PROGRESS', paymentKey: 'other' }),
      1,
      'AMOUNT_MISMATCH',
    ],
    [
      'a confirm under way',
      ME,
      order({ status: 'IN_PROGRESS', paymentKey: 'other', expiresAt: expired }),
      1,
      'PAYMENT_IN_PROGRESS',
    ],
    [
      'paid by another payment',
      ME,
      order({ status: 'PAID', paymentKey: 'other' }),
      5000,
      'ORDER_NOT_PAYABLE',
    ],
    ['canceled', ME, order({ status: 'CANCELED' }), 1, 'ORDER_NOT_PAYABLE'],
    [
      'past its expiry, before the amount',
      ME,
      order({ expiresAt: expired }),
      1,
      'ORDER_NOT_PAYABLE',
    ],
    ['expiring this very moment', ME, order({ expiresAt: NOW }), 5000, 'ORDER_NOT_PAYABLE'],
    ['a wrong amount', ME, order(), 4999, 'AMOUNT_MISMATCH'],
    ['payable', ME, order(), 5000, 'start'],
    ['payable, redirect mode', null, order(), 5000, 'start'],
  ] as const)('%s → %s', (_, customerId, o, amount, expected) => {
    expect(outcome(customerId, o, amount)).toBe(expected);
  });

  it('says which status stops it, and an expired pending order as EXPIRED', () => {
    const refused = whyNotStarted(ME, input, order({ expiresAt: expired }), NOW);
    expect(refused?.kind === 'refused' && [refused.error.message, refused.error.details]).toEqual([
      'The order cannot be paid (status EXPIRED).',
      { status: 'PENDING', expiresAt: expired },
    ]);
    const mismatch = whyNotStarted(ME, { ...input, amount: 1 }, order(), NOW);
    expect(mismatch?.kind === 'refused' && mismatch.error.details).toEqual({
      expected: 5000,
      got: 1,
    });
  });
});
