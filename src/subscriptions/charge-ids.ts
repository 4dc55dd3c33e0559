import { isOrderId, isUuid } from '../common/ids';
import { MAX_PERIOD } from './billing-period';

/**
 * The ids of one charge, i.e. one call to Toss's `POST /v1/billing/{billingKey}` for
 * (subscription, period, attempt). Both are derived, never random, so the charge row written
 * before the call and a retry after a crash name the same request to Toss.
 */

/**
 * Attempts in one period: a merchant refusal is tried again hourly with a new attempt
 * (retry-schedule.ts), so this allows years of a broken setup; five digits keep the orderId short.
 */
export const MAX_ATTEMPT = 99_999;

export interface ChargeRef {
  subscriptionId: string;
  period: number;
  attempt: number;
}

const CHARGE_ORDER_ID = /^sub_([0-9a-f]{32})_p([1-9][0-9]*)_a([1-9][0-9]*)$/;

/**
 * The charge's orderId: `sub_<uuid without dashes>_p<period>_a<attempt>`, at most 51 characters
 * (Toss allows 6..64 of [A-Za-z0-9_-], docs/toss.md §4). One per attempt, not per period: Toss
 * refuses an orderId it has approved or canceled (`DUPLICATED_ORDER_ID`), and a look-up by orderId
 * must find this attempt alone. Our orders' ids are UUIDs, so the `sub_` prefix cannot collide.
 */
export function chargeOrderId(ref: ChargeRef): string {
  if (!isUuid(ref.subscriptionId)) {
    throw new RangeError(`subscription id must be a UUID (got ${ref.subscriptionId})`);
  }
  checkNumber('period', ref.period, MAX_PERIOD);
  checkNumber('attempt', ref.attempt, MAX_ATTEMPT);
  const hex = ref.subscriptionId.replace(/-/g, '').toLowerCase();
  const orderId = `sub_${hex}_p${ref.period}_a${ref.attempt}`;
  if (!isOrderId(orderId)) throw new RangeError(`not a Toss orderId: ${orderId}`);
  return orderId;
}

/** What a charge's orderId names, or undefined for any other orderId (an order's, say). */
export function parseChargeOrderId(orderId: string): ChargeRef | undefined {
  const match = CHARGE_ORDER_ID.exec(orderId);
  if (!match) return undefined;
  const [, hex, period, attempt] = match;
  const ref = {
    subscriptionId: `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`,
    period: Number(period),
    attempt: Number(attempt),
  };
  return ref.period <= MAX_PERIOD && ref.attempt <= MAX_ATTEMPT ? ref : undefined;
}

/**
 * The charge's Idempotency-Key, `charge:<orderId>`, after `confirmKey` in
 * payments/ledger-rules.ts: derived from our ids so any path or instance retrying the charge sends
 * the same key. Toss scopes a key by the URL, not the body (docs/toss.md §5), and the URL carries
 * the billing key, so a new card's charge differs anyway; the orderId alone makes it unique per
 * attempt. An approval to be voided uses the ledger's own `void:<paymentKey>`.
 */
export function chargeIdempotencyKey(ref: ChargeRef): string {
  return `charge:${chargeOrderId(ref)}`;
}

function checkNumber(name: string, value: number, max: number): void {
  if (!Number.isInteger(value) || value < 1 || value > max) {
    throw new RangeError(`${name} must be a whole number from 1 to ${max} (got ${value})`);
  }
}
