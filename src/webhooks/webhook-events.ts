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
