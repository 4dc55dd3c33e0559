const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The shape of an orderId (docs/api.md): 6..64 of [A-Za-z0-9_-]. Anything else cannot name an order. */
export const ORDER_ID_PATTERN = /^[A-Za-z0-9_-]{6,64}$/;
/** Said when an orderId does not have ORDER_ID_PATTERN's shape. */
export const ORDER_ID_MESSAGE = 'orderId must be 6 to 64 characters of A-Z a-z 0-9 _ -';

/**
 * The shape of a paymentKey: at most 200 characters (Toss's limit) that travel unescaped on
 * Toss's successUrl, i.e. URL-unreserved ones (`tgen_20240502003045AbCdEfG`).
 */
export const PAYMENT_KEY_PATTERN = /^[A-Za-z0-9._~-]{1,200}$/;

/** Ids are opaque to clients; a malformed one is simply "not there", never a database error. */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}

export function isOrderId(value: string): boolean {
  return ORDER_ID_PATTERN.test(value);
}

export function isPaymentKey(value: string): boolean {
  return PAYMENT_KEY_PATTERN.test(value);
}
