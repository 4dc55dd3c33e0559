/**
 * Whether Toss's answer tells us what happened. Classified by code, not by HTTP status: Toss's
 * PROVIDER_ERROR is a retryable 400, and its 5xx codes say nothing about whether money moved.
 */
export type TossOutcome = 'refused' | 'unknown';

/** Codes after which the operation may or may not have happened at Toss (docs/toss.md §6.1 D, §6.2). */
const OUTCOME_UNKNOWN_CODES = new Set([
  'PROVIDER_ERROR',
  'FAILED_INTERNAL_SYSTEM_PROCESSING',
  'FAILED_PAYMENT_INTERNAL_SYSTEM_PROCESSING',
  'UNKNOWN_PAYMENT_ERROR',
  'IDEMPOTENT_REQUEST_PROCESSING',
  'FAILED_REFUND_PROCESS',
  'FAILED_PARTIAL_REFUND',
  'FAILED_METHOD_HANDLING_CANCEL',
  'COMMON_ERROR',
  'FORBIDDEN_CONSECUTIVE_REQUEST',
]);

export class TossError extends Error {
  constructor(
    /** Toss's code, or ours for transport failures: TIMEOUT, CONNECTION_FAILED, BAD_RESPONSE. */
    readonly code: string,
    message: string,
    /** HTTP status from Toss; undefined when no answer arrived. */
    readonly status: number | undefined,
    readonly outcome: TossOutcome,
  ) {
    super(message);
    this.name = 'TossError';
  }

  get outcomeUnknown(): boolean {
    return this.outcome === 'unknown';
  }
}

export function classify(status: number | undefined, code: string | undefined): TossOutcome {
  if (status === undefined || code === undefined) return 'unknown';
  if (status >= 500 || status === 429 || status === 409) return 'unknown';
  if (OUTCOME_UNKNOWN_CODES.has(code)) return 'unknown';
  return 'refused';
}

/** Builds the typed error from an HTTP answer (status + parsed body) or a transport failure. */
export function tossErrorFrom(
  status: number | undefined,
  body: unknown,
  transport?: { code?: string; message: string },
): TossError {
  if (status === undefined) {
    const timeout =
      transport?.code === 'ECONNABORTED' ||
      transport?.code === 'ETIMEDOUT' ||
      /timeout/i.test(transport?.message ?? '');
    return new TossError(
      timeout ? 'TIMEOUT' : 'CONNECTION_FAILED',
      timeout
        ? 'Toss did not answer in time.'
        : `Toss could not be reached (${transport?.code ?? 'network error'}).`,
      undefined,
      'unknown',
    );
  }
  const parsed = body as { code?: unknown; message?: unknown } | undefined;
  const code = typeof parsed?.code === 'string' ? parsed.code : undefined;
  const message =
    typeof parsed?.message === 'string' ? parsed.message : `Toss answered HTTP ${status}.`;
  return new TossError(
    code ?? 'BAD_RESPONSE',
    message,
    status,
    code ? classify(status, code) : 'unknown',
  );
}
