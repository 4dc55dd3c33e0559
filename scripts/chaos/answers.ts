/**
 * Which answers of the app the chaos soak expects, per endpoint. Pure, so the table has a spec.
 *
 * Any 2xx, and any 4xx (Toss's refusals, our conflicts, amounts over the balance…), is an answer the
 * client can act on; but a refund refused for a bound is expected only where its batch asked for
 * more than was left (unexpectedBoundRefusal). Of the 5xx only these are expected:
 * - 502 PAYMENT_OUTCOME_UNKNOWN from a confirm, a refund or an order cancel (Toss could not tell);
 * - 502 CASH_RECEIPT_OUTCOME_UNKNOWN from a cash receipt request (likewise);
 * - 503 SERVICE_UNAVAILABLE within a few seconds of the PostgreSQL restart.
 * A webhook must be answered exactly 200 (503 only while PostgreSQL restarts: Toss retries).
 * No answer at all is expected only from an instance the tool killed (or that was down anyway).
 */

export const ROUTES = [
  'register',
  'login',
  'order',
  'order-get',
  'order-cancel',
  'confirm',
  'refund',
  'payment-get',
  'cash-receipt',
  'report',
  'webhook',
] as const;
export type Route = (typeof ROUTES)[number];

export type Verdict =
  /** 2xx (200 for a webhook). */
  | 'ok'
  /** A 4xx: a refusal the client can act on. */
  | 'refused'
  /** 502 PAYMENT_OUTCOME_UNKNOWN (CASH_RECEIPT_OUTCOME_UNKNOWN for a receipt) where the contract allows it. */
  | 'outcome-unknown'
  /** 503 SERVICE_UNAVAILABLE while PostgreSQL restarts. */
  | 'db-restart'
  | 'unexpected';

/** The routes whose outcome Toss may leave unseen, with the code that says so. */
const UNKNOWN_OUTCOME_CODE: Partial<Record<Route, string>> = {
  confirm: 'PAYMENT_OUTCOME_UNKNOWN',
  refund: 'PAYMENT_OUTCOME_UNKNOWN',
  'order-cancel': 'PAYMENT_OUTCOME_UNKNOWN',
  'cash-receipt': 'CASH_RECEIPT_OUTCOME_UNKNOWN',
};

export function judgeAnswer(
  route: Route,
  status: number,
  code: string | undefined,
  context: { nearDbRestart: boolean },
): Verdict {
  if (route === 'webhook') {
    if (status === 200) return 'ok';
    return status === 503 && context.nearDbRestart ? 'db-restart' : 'unexpected';
  }
  if (status >= 200 && status < 300) return 'ok';
  if (status >= 400 && status < 500) return 'refused';
  if (status === 502 && code !== undefined && code === UNKNOWN_OUTCOME_CODE[route])
    return 'outcome-unknown';
  if (status === 503 && code === 'SERVICE_UNAVAILABLE' && context.nearDbRestart)
    return 'db-restart';
  return 'unexpected';
}

/**
 * A refund's refusals for asking more than is left: of the balance, its tax-free or taxable part,
 * or an order line's quantity (docs/api.md, "Refunds").
 */
const BOUND_REFUSALS: ReadonlySet<string> = new Set([
  'CANCEL_AMOUNT_EXCEEDED',
  'TAX_FREE_AMOUNT_EXCEEDED',
  'TAXABLE_AMOUNT_EXCEEDED',
  'REFUND_QUANTITY_EXCEEDED',
]);

/**
 * A refund refused for a bound that the soak did not ask for: the refunds of its batch fit in what
 * was left together, so the refusal is an unexpected answer, not a quiet 4xx. Where they ask for
 * more than is left altogether (two racing for the same part), the refusal is the expected outcome.
 */
export function unexpectedBoundRefusal(
  status: number,
  code: string | undefined,
  batchOverlaps: boolean,
): boolean {
  return status === 400 && code !== undefined && BOUND_REFUSALS.has(code) && !batchOverlaps;
}

/** Connection refused or reset, or no answer in time. */
export type NoAnswer = 'instance-down' | 'unexpected';

/** How long after an instance went down its connections may still fail (in-flight requests, pooled sockets). */
export const DOWN_GRACE_MS = 3000;

export function judgeNoAnswer(instance: {
  up: boolean;
  /** When the instance last went down (killed or crashed), ms since the epoch; 0 if never. */
  downAt: number;
  /** When it last became ready. */
  upAt: number;
  now: number;
  timedOut: boolean;
}): NoAnswer {
  // A request that waited out the client's timeout was not cut by a kill: the app held it.
  if (instance.timedOut) return 'unexpected';
  if (!instance.up) return 'instance-down';
  if (instance.downAt > 0 && instance.now - instance.downAt < DOWN_GRACE_MS) return 'instance-down';
  // A pooled socket to the previous incarnation can fail just after the restart.
  if (instance.downAt > 0 && instance.now - instance.upAt < DOWN_GRACE_MS) return 'instance-down';
  return 'unexpected';
}
