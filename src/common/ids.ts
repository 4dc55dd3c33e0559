const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids are opaque to clients; a malformed one is simply "not there", never a database error. */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}

/** The shape of an orderId (API.md): 6..64 of [A-Za-z0-9_-]. Anything else cannot name an order. */
export function isOrderId(value: string): boolean {
  return /^[A-Za-z0-9_-]{6,64}$/.test(value);
}
