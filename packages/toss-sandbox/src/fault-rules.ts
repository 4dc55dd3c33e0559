/** Fault injection: what can be injected and how a request to set one is read. */
import { asBody, parseOrderId } from './payment-rules';
import { TossApiError, tossError } from './toss-errors';

export const FAULT_KINDS = [
  /** Only delay (latencyMs); the request then runs normally. */
  'LATENCY',
  /**
   * Refuse with a Toss code: a confirm or a billing charge ends its payment ABORTED (failure = code);
   * other operations change nothing.
   */
  'DECLINE',
  /** Answer 5xx (default 500 FAILED_INTERNAL_SYSTEM_PROCESSING) without executing. */
  'ERROR',
  /** Execute (approve / cancel, committed), then answer 5xx instead of the result. */
  'APPROVE_THEN_ERROR',
  /** Execute (committed), then never answer: the socket stays open until the client gives up or the app closes. */
  'APPROVE_THEN_HANG',
  /** Never answer and never execute. */
  'HANG',
  /** Destroy the connection without executing (the client sees ECONNRESET / socket hang up). */
  'RESET',
  /** Answer 429 TOO_MANY_REQUESTS without executing. */
  'RATE_LIMIT',
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export const FAULT_OPERATIONS = [
  'confirm',
  'cancel',
  'get',
  'billing-issue',
  'billing-charge',
  'billing-delete',
  'cash-receipt-issue',
  'cash-receipt-cancel',
  'cash-receipt-list',
] as const;
export type FaultOperation = (typeof FAULT_OPERATIONS)[number];

export interface FaultInput {
  kind: FaultKind;
  operation: FaultOperation | null;
  orderId: string | null;
  paymentKey: string | null;
  billingKey: string | null;
  latencyMs: number | null;
  code: string | null;
  httpStatus: number | null;
  message: string | null;
  remaining: number | null;
}

/** Kept well below test timeouts and far below anything that would look like a leak. */
export const MAX_LATENCY_MS = 120_000;

function invalid(message: string): TossApiError {
  return tossError('INVALID_REQUEST', `잘못된 요청입니다. ${message}`);
}

function optionalInt(value: unknown, field: string, min: number, max: number): number | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw invalid(`${field}는 ${min}~${max} 정수입니다.`);
  }
  return value;
}

/** A paymentKey or billingKey target: 1–200 characters, or null when absent. */
function optionalKey(body: Record<string, unknown>, field: string): string | null {
  const value = body[field];
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string' || value.length < 1 || value.length > 200)
    throw invalid(`${field}는 1~200자입니다.`);
  return value;
}

/**
 * Reads `POST /sandbox/toss/test/faults`; kinds and operations are case-insensitive. `status` is an
 * alias of `httpStatus`, `remaining` of `count`.
 */
export function parseFault(raw: unknown): FaultInput {
  const body = asBody(raw);
  const kind =
    typeof body.kind === 'string'
      ? (body.kind.toUpperCase().replaceAll('-', '_') as FaultKind)
      : undefined;
  if (!kind || !FAULT_KINDS.includes(kind))
    throw invalid(`kind는 ${FAULT_KINDS.join(', ')} 중 하나입니다.`);
  let operation: FaultOperation | null = null;
  if (body.operation !== undefined && body.operation !== null) {
    const op =
      typeof body.operation === 'string'
        ? (body.operation.toLowerCase() as FaultOperation)
        : undefined;
    if (!op || !FAULT_OPERATIONS.includes(op))
      throw invalid(`operation은 ${FAULT_OPERATIONS.join(', ')} 중 하나입니다.`);
    operation = op;
  }
  const orderId =
    body.orderId === undefined || body.orderId === null ? null : parseOrderId(body.orderId);
  const paymentKey = optionalKey(body, 'paymentKey');
  const billingKey = optionalKey(body, 'billingKey');
  if ([orderId, paymentKey, billingKey].filter((target) => target !== null).length > 1)
    throw invalid('orderId, paymentKey, billingKey 중 하나만 지정합니다 (모두 없으면 전역).');
  const latencyMs = optionalInt(body.latencyMs, 'latencyMs', 0, MAX_LATENCY_MS);
  if (kind === 'LATENCY' && latencyMs === null)
    throw invalid('LATENCY에는 latencyMs가 필요합니다.');
  let code: string | null = null;
  if (body.code !== undefined && body.code !== null) {
    if (typeof body.code !== 'string' || !/^[A-Z][A-Z0-9_]{0,63}$/.test(body.code))
      throw invalid('code는 Toss 에러 코드(UPPER_SNAKE)입니다.');
    code = body.code;
  }
  if (kind === 'DECLINE' && code === null) throw invalid('DECLINE에는 code가 필요합니다.');
  const httpStatus = optionalInt(body.httpStatus ?? body.status, 'httpStatus', 400, 599);
  let message: string | null = null;
  if (body.message !== undefined && body.message !== null) {
    if (typeof body.message !== 'string' || body.message.length > 510)
      throw invalid('message는 510자 이하 문자열입니다.');
    message = body.message;
  }
  const remaining = optionalInt(body.count ?? body.remaining, 'count', 1, 1_000_000);
  return {
    kind,
    operation,
    orderId,
    paymentKey,
    billingKey,
    latencyMs,
    code,
    httpStatus,
    message,
    remaining,
  };
}
