/**
 * Reading Toss's webhook bodies (docs/toss.md §7) leniently: fields are taken only when they have the
 * right type, new fields are ignored, and DEPOSIT_CALLBACK is accepted flat or wrapped in `data`.
 */
export interface WebhookFacts {
  eventType: string;
  orderId: string | null;
  paymentKey: string | null;
  /** Only on DEPOSIT_CALLBACK. */
  secret: string | null;
  status: string | null;
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown, max: number): string | null {
  return typeof value === 'string' && value.length > 0 && value.length <= max ? value : null;
}

export function readWebhook(body: Json): WebhookFacts {
  const data = isObject(body.data) ? body.data : {};
  // A flat body with a secret and an orderId but no eventType is a deposit callback.
  const eventType =
    text(body.eventType, 64) ??
    (text(body.secret ?? data.secret, 100) && text(body.orderId ?? data.orderId, 64)
      ? 'DEPOSIT_CALLBACK'
      : 'UNKNOWN');
  return {
    eventType,
    orderId: text(body.orderId, 64) ?? text(data.orderId, 64),
    paymentKey: text(data.paymentKey, 200) ?? text(body.paymentKey, 200),
    secret: text(body.secret, 100) ?? text(data.secret, 100),
    status: text(body.status, 32) ?? text(data.status, 32),
  };
}

export const WEBHOOK_HEADER_PREFIX = 'tosspayments-';

/**
 * BILLING_DELETED (https://docs.tosspayments.com/reference/using-api/webhook-events):
 * `{eventType, createdAt, data: {billingKey, reason}}`, reason nullable, no customerKey. The billing
 * key is a secret: the inbox stores the body with it replaced by its look-up hashes
 * (`withBillingKeyHashed`), which is all the worker needs to find the card.
 */
export const BILLING_DELETED = 'BILLING_DELETED';

export function billingKeyOf(body: Json): string | null {
  return isObject(body.data) ? text(body.data.billingKey, 200) : null;
}

/** The body as stored: `data.billingKey` gone, `data.billingKeyHashes` (hex) in its place. */
export function withBillingKeyHashed(body: Json, hashes: Buffer[]): Json {
  const data = isObject(body.data) ? body.data : {};
  const { billingKey: _billingKey, ...rest } = data;
  return {
    ...body,
    data: { ...rest, billingKeyHashes: hashes.map((hash) => hash.toString('hex')) },
  };
}

/** What the worker reads back from a stored BILLING_DELETED: the look-up hashes and Toss's reason. */
export function billingDeletion(body: Json): { hashes: Buffer[]; reason: string | null } {
  const data = isObject(body.data) ? body.data : {};
  const hashes = Array.isArray(data.billingKeyHashes)
    ? data.billingKeyHashes
        .filter((hash): hash is string => typeof hash === 'string' && /^[0-9a-f]{64}$/.test(hash))
        .map((hash) => Buffer.from(hash, 'hex'))
    : [];
  return { hashes, reason: text(data.reason, 150) };
}
