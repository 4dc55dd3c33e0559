import { BILLING_MERCHANT_CODES, MERCHANT_REFUSAL_CODES } from '../common/errors/toss-refusals';
import type { TossError } from '../toss/toss.errors';

/**
 * What a failed billing charge (`POST /v1/billing/{billingKey}`) means for the subscription, read
 * from Toss's code (docs/toss.md §6; https://docs.tosspayments.com/reference/error-codes):
 *
 * - HARD: this card or billing key will not work again; stop and ask the customer for a new card.
 * - SOFT: this card may work later (limit, balance, a passing fault); retry on the schedule.
 * - MERCHANT: the shop's keys or contract; operators must act, the customer is not at fault.
 * - UNKNOWN: whether money moved is not known; retry with the same Idempotency-Key, then look the
 *   charge up by its orderId. Never a decline.
 */
export type ChargeFailureKind = 'HARD' | 'SOFT' | 'MERCHANT' | 'UNKNOWN';

export interface ChargeFailure {
  kind: ChargeFailureKind;
  code: string;
  /** The code is in none of the lists here (Toss adds codes): log it so the lists can grow. */
  unlisted: boolean;
}

/** The card is stopped, lost, expired or refused for good, or the billing key is not valid. */
export const HARD_DECLINE_CODES = [
  'INVALID_STOPPED_CARD',
  'INVALID_CARD_LOST_OR_STOLEN',
  'INVALID_CARD_EXPIRATION',
  'INVALID_CARD_NUMBER',
  'INVALID_REJECT_CARD',
  'INVALID_CARD_IDENTITY',
  'NOT_SUPPORTED_CARD_TYPE',
  'NOT_REGISTERED_CARD_COMPANY',
  // The billing key: unknown to Toss, deleted, or not bound to this customerKey (docs/toss.md §6).
  'NOT_FOUND_BILLING',
  'BILLING_KEY_NOT_FOUND',
  'ALREADY_REMOVED_BILLING_KEY',
  'INVALID_BILL_KEY_REQUEST',
  'INVALID_BILLING_AUTH',
  'NOT_MATCHES_CUSTOMER_KEY',
] as const;

/** Limits, balance and passing faults at the card company or Toss: the same card may pass later. */
export const SOFT_DECLINE_CODES = [
  'REJECT_CARD_PAYMENT',
  'REJECT_CARD_COMPANY',
  'REJECT_ACCOUNT_PAYMENT',
  'CARD_PROCESSING_ERROR',
  'NOT_AVAILABLE_PAYMENT',
  'NOT_AVAILABLE_BANK',
  'FDS_ERROR',
  'EXCEED_MAX_DAILY_PAYMENT_COUNT',
  'EXCEED_MAX_AMOUNT',
  'EXCEED_MAX_PAYMENT_AMOUNT',
  'EXCEED_MAX_MONTHLY_PAYMENT_AMOUNT',
  'EXCEED_MAX_ONE_DAY_AMOUNT',
  'EXCEED_MAX_AUTH_COUNT',
  'EXCEED_MAX_ONE_DAY_WITHDRAW_AMOUNT',
  'EXCEED_MAX_ONE_TIME_WITHDRAW_AMOUNT',
] as const;

/**
 * A refusal that may hide an approval: Toss refuses an orderId it already approved
 * (`DUPLICATED_ORDER_ID`), which is what a retry after a crash sees. Like ALREADY_PROCESSED_PAYMENT
 * on confirm it is no verdict (docs/toss.md §6.1 C): look the charge up by its orderId.
 */
export const LOOK_UP_CODES = ['DUPLICATED_ORDER_ID', 'ALREADY_PROCESSED_PAYMENT'] as const;

const listed = (codes: readonly string[], code: string) => codes.includes(code);

/**
 * What a code Toss stated means: from a refused call, or the failure of a charge found by look-up.
 * An unlisted code is SOFT: a wrong SOFT costs a few declined retries and ends UNPAID as a run of
 * declines would, while a wrong HARD stops a good card until its owner acts and a wrong MERCHANT
 * alerts operators for a customer's card. Retrying is the cheap mistake.
 */
export function declineKind(code: string): ChargeFailure {
  const known = (kind: ChargeFailureKind) => ({ kind, code, unlisted: false });
  if (listed(LOOK_UP_CODES, code)) return known('UNKNOWN');
  if (listed(MERCHANT_REFUSAL_CODES, code) || listed(BILLING_MERCHANT_CODES, code)) {
    return known('MERCHANT');
  }
  if (listed(HARD_DECLINE_CODES, code)) return known('HARD');
  if (listed(SOFT_DECLINE_CODES, code)) return known('SOFT');
  return { kind: 'SOFT', code, unlisted: true };
}

/**
 * What a charge call's error means. Whether Toss's answer tells us anything (timeouts, resets, 5xx,
 * 429, PROVIDER_ERROR…) is decided once, in toss/toss.errors.ts, and carried as `outcome`.
 */
export function chargeFailure(error: Pick<TossError, 'code' | 'outcome'>): ChargeFailure {
  if (error.outcome === 'unknown') return { kind: 'UNKNOWN', code: error.code, unlisted: false };
  return declineKind(error.code);
}
