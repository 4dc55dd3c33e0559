import { isOrderId } from '../common/ids';
import { MAX_PERIOD } from './billing-period';
import {
  chargeIdempotencyKey,
  chargeOrderId,
  ChargeRef,
  MAX_ATTEMPT,
  parseChargeOrderId,
} from './charge-ids';

const SUB = '3f0c6a8e-2b4c-4f7e-9a51-1f8a3c2d9b10';
const HEX = '3f0c6a8e2b4c4f7e9a511f8a3c2d9b10';
const ref = (period: number, attempt: number, subscriptionId = SUB): ChargeRef => ({
  subscriptionId,
  period,
  attempt,
});

describe('a charge orderId', () => {
  it.each([
    [ref(1, 1), `sub_${HEX}_p1_a1`],
    [ref(12, 3), `sub_${HEX}_p12_a3`],
    [ref(1, 1, SUB.toUpperCase()), `sub_${HEX}_p1_a1`],
    [ref(MAX_PERIOD, MAX_ATTEMPT), `sub_${HEX}_p999999_a99999`],
  ])('%j → %s', (charge, orderId) => {
    expect(chargeOrderId(charge)).toBe(orderId);
  });

  it('stays a Toss orderId at the largest period and attempt (51 ≤ 64 characters)', () => {
    const longest = chargeOrderId(ref(MAX_PERIOD, MAX_ATTEMPT));
    expect(longest).toHaveLength(51);
    expect(isOrderId(longest)).toBe(true);
  });

  it('is the same for the same charge and differs per period and per attempt', () => {
    expect(chargeOrderId(ref(2, 1))).toBe(chargeOrderId(ref(2, 1)));
    expect(new Set([ref(1, 1), ref(1, 2), ref(2, 1), ref(11, 1)].map(chargeOrderId)).size).toBe(4);
  });

  it.each([
    ['a subscription id that is not a UUID', ref(1, 1, 'sub-1')],
    ['period 0', ref(0, 1)],
    ['a fractional period', ref(1.5, 1)],
    ['a period past the largest', ref(MAX_PERIOD + 1, 1)],
    ['attempt 0', ref(1, 0)],
    ['an attempt past the largest', ref(1, MAX_ATTEMPT + 1)],
  ])('refuses %s', (_, charge) => {
    expect(() => chargeOrderId(charge)).toThrow(RangeError);
  });
});

describe('reading a charge orderId back', () => {
  it.each([ref(1, 1), ref(12, 3), ref(MAX_PERIOD, MAX_ATTEMPT)])('round-trips %j', (charge) => {
    expect(parseChargeOrderId(chargeOrderId(charge))).toEqual(charge);
  });

  it.each([
    ['an order id', SUB],
    ['period 0', `sub_${HEX}_p0_a1`],
    ['a leading zero', `sub_${HEX}_p01_a1`],
    ['a period past the largest', `sub_${HEX}_p1000000_a1`],
    ['an attempt past the largest', `sub_${HEX}_p1_a100000`],
    ['upper-case hex', `sub_${HEX.toUpperCase()}_p1_a1`],
    ['a short id', `sub_${HEX.slice(1)}_p1_a1`],
    ['something after', `sub_${HEX}_p1_a1_x`],
  ])('is undefined for %s', (_, orderId) => {
    expect(parseChargeOrderId(orderId)).toBeUndefined();
  });
});

describe("a charge's Idempotency-Key", () => {
  it.each([
    [ref(1, 1), `charge:sub_${HEX}_p1_a1`],
    [ref(7, 2), `charge:sub_${HEX}_p7_a2`],
  ])('%j → %s', (charge, key) => {
    expect(chargeIdempotencyKey(charge)).toBe(key);
  });

  it('is within Toss’s 300 characters and differs per attempt', () => {
    expect(chargeIdempotencyKey(ref(MAX_PERIOD, MAX_ATTEMPT)).length).toBeLessThanOrEqual(300);
    expect(chargeIdempotencyKey(ref(3, 1))).not.toBe(chargeIdempotencyKey(ref(3, 2)));
  });
});
