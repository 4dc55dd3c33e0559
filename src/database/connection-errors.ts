import { QueryRunnerAlreadyReleasedError, QueryRunnerProviderAlreadyReleasedError } from 'typeorm';

/**
 * The one place that decides which failures mean "the database is out of reach for now" (a
 * restart, a failover, no free connection) rather than "this statement went wrong". Those answer
 * 503 with Retry-After instead of 500; a confirm that Toss approved but we could not record answers
 * 502 PAYMENT_OUTCOME_UNKNOWN.
 */

/**
 * SQLSTATEs (https://www.postgresql.org/docs/current/errcodes-appendix.html) that end or refuse a
 * connection for reasons outside the statement, besides all of class 08 (connection_exception).
 * Left out on purpose: 57014 (statement timeout or cancel: the connection is fine), 57P04 (the
 * database was dropped: waiting will not help), 25P03 (our own transaction sat idle: a bug of ours).
 */
const SQLSTATES = new Set([
  '57P01', // admin_shutdown: a restart or pg_terminate_backend
  '57P02', // crash_shutdown: another server process crashed
  '57P03', // cannot_connect_now: starting up, shutting down, in recovery
  '57P05', // idle_session_timeout
  '53300', // too_many_connections
]);
const SQLSTATE_CLASSES = new Set(['08']);

/** Node's socket errors on the way to the server (a refused or dropped connection, DNS during a failover). */
const NODE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/** node-postgres and pg-pool say these in words only, with no code. */
const MESSAGES = [
  // "Connection terminated unexpectedly", "… due to connection timeout" (pg), "Connection terminated".
  /^Connection terminated\b/,
  // pg-pool: no connection could be checked out within connectionTimeoutMillis.
  /^timeout exceeded when trying to connect$/,
  // pg: a query on a client whose connection already failed or was closed.
  /^Client has encountered a connection error and is not queryable$/,
  /^Client was closed and is not queryable$/,
];

/** How deep to look into TypeORM's driverError, `cause` and an AggregateError's `errors`. */
const MAX_DEPTH = 3;

/** True when `error`, or an error it wraps, says the connection to the database was lost or not had. */
export function isConnectionLoss(error: unknown, depth = 0): boolean {
  if (typeof error !== 'object' || error === null || depth > MAX_DEPTH) return false;
  // TypeORM releases a query runner when its connection emits 'error' (the session was ended under
  // it): the transaction's next statement fails with one of these instead of the cause. Nothing of
  // ours uses a runner after its transaction ended, so they mean a lost connection.
  if (
    error instanceof QueryRunnerAlreadyReleasedError ||
    error instanceof QueryRunnerProviderAlreadyReleasedError
  )
    return true;
  const { code, message, driverError, cause, errors } = error as Record<string, unknown>;
  if (typeof code === 'string' && connectionCode(code)) return true;
  if (typeof message === 'string' && MESSAGES.some((pattern) => pattern.test(message))) return true;
  const inner = [driverError, cause, ...(Array.isArray(errors) ? (errors as unknown[]) : [])];
  return inner.some((wrapped) => wrapped !== error && isConnectionLoss(wrapped, depth + 1));
}

function connectionCode(code: string): boolean {
  if (NODE_CODES.has(code)) return true;
  return (
    /^[0-9A-Z]{5}$/.test(code) && (SQLSTATES.has(code) || SQLSTATE_CLASSES.has(code.slice(0, 2)))
  );
}
