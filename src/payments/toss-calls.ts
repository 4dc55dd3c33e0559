import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { BeforeApplicationShutdown, Injectable, Logger } from '@nestjs/common';
import { MetricsService } from '../metrics/metrics.service';
import { TossError, TossOutcome } from '../toss/toss.errors';
import type { TossOperation } from '../toss/toss.types';
import type { TossCallRow } from './toss-call.entity';
import { PaymentsRepository } from './payments.repository';

export const TOSS_CALLERS = [
  'confirm',
  'reconciler',
  'refund',
  'webhook',
  'report',
  'subscription',
  'cash-receipt',
] as const;
export type TossCaller = (typeof TOSS_CALLERS)[number];

/** What came of a call: answered (ok), refused by Toss, or not known (TossOutcome). */
export const TOSS_CALL_OUTCOMES = ['ok', 'refused', 'unknown'] as const satisfies readonly (
  'ok' | TossOutcome
)[];
export type TossCallOutcome = (typeof TOSS_CALL_OUTCOMES)[number];

export interface TossCallContext {
  caller: TossCaller;
  operation: TossOperation;
  orderId?: string;
  paymentKey?: string;
  idempotencyKey?: string;
  /**
   * Hold the audit row here instead of writing it: the caller writes it with its next statement
   * (the confirm's record) and must flush whatever is still held in a finally.
   */
  hold?: TossCallRow[];
}

/** Audit rows kept while the database is away: about 3 MB; past it the oldest are logged in full. */
const BACKLOG_LIMIT = 10_000;
const RETRY_BATCH = 500;
/** The backlog's write is retried after 0.5 s, doubling to at most 15 s, until it lands. */
const RETRY_FIRST_MS = 500;
const RETRY_MAX_MS = 15_000;

/** Runs a call to Toss, refusing to do so inside a transaction (docs/architecture.md, "No transaction is open across a call to Toss"), and audits it. */
@Injectable()
export class TossCalls implements BeforeApplicationShutdown {
  private readonly logger = new Logger(TossCalls.name);
  /**
   * Audit rows whose write failed (the database went away), written once it is back. Kept in
   * memory and retried in the background rather than retried inside the request: the confirm's
   * answer (502 for an approval we could not record) must not wait for the database, and a bounded
   * in-request retry would still drop the row after a longer outage. A row that cannot be kept (the
   * backlog is full, or the app is closing with the database still away) is logged in full.
   */
  private readonly backlog: TossCallRow[] = [];
  private retryTimer?: NodeJS.Timeout;
  private retrying?: Promise<void>;
  private retryDelayMs = RETRY_FIRST_MS;
  private closing = false;

  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly payments: PaymentsRepository,
    private readonly metrics: MetricsService,
  ) {}

  async run<T>(context: TossCallContext, call: () => Promise<T>): Promise<T> {
    if (this.txHost.isTransactionActive()) {
      throw new Error(`Toss ${context.operation} called inside a database transaction`);
    }
    const started = performance.now();
    let outcome: TossCallOutcome = 'ok';
    let status: number | null = 200;
    let code: string | null = null;
    try {
      return await call();
    } catch (error) {
      if (error instanceof TossError) {
        outcome = error.outcome;
        status = error.status ?? null;
        code = error.code;
      } else {
        outcome = 'unknown';
        status = null;
        code = 'CLIENT_ERROR';
      }
      throw error;
    } finally {
      this.metrics.tossCall(context.operation, outcome, code, performance.now() - started);
      const row: TossCallRow = {
        caller: context.caller,
        operation: context.operation,
        orderId: context.orderId ?? null,
        paymentKey: context.paymentKey ?? null,
        idempotencyKey: context.idempotencyKey ?? null,
        httpStatus: status,
        code,
        outcome,
        durationMs: Math.round(performance.now() - started),
      };
      if (context.hold) context.hold.push(row);
      else await this.flush([row]);
    }
  }

  /** Writes held audit rows (those no record statement took) and empties the list; never throws. */
  async flush(rows: TossCallRow[]): Promise<void> {
    const pending = rows.splice(0);
    if (pending.length === 0) return;
    try {
      await this.payments.recordCalls(pending);
    } catch (error) {
      this.keep(pending, error);
    }
  }

  /** Before the pool closes: one last try at the backlog. */
  async beforeApplicationShutdown(): Promise<void> {
    this.closing = true;
    clearTimeout(this.retryTimer);
    await this.retrying;
    await this.flush(this.backlog);
  }

  private keep(rows: TossCallRow[], error: unknown): void {
    const why = error instanceof Error ? error.message : String(error);
    if (this.closing) {
      this.lost(rows, `the app is closing and the database is unreachable (${why})`);
      return;
    }
    this.logger.warn(
      `could not store ${rows.length} Toss call audit row(s) (${why}); kept to write when the database is back`,
    );
    this.backlog.push(...rows);
    if (this.backlog.length > BACKLOG_LIMIT) {
      this.lost(this.backlog.splice(0, this.backlog.length - BACKLOG_LIMIT), 'the backlog is full');
    }
    this.scheduleRetry(this.retryDelayMs);
  }

  private lost(rows: TossCallRow[], why: string): void {
    this.logger.error(
      `Toss call audit rows not stored, ${why}: ${rows.map((row) => JSON.stringify(row)).join(' ')}`,
    );
  }

  private scheduleRetry(delayMs: number): void {
    if (this.retryTimer || this.retrying || this.closing || this.backlog.length === 0) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      this.retrying = this.retryBacklog().finally(() => {
        this.retrying = undefined;
        this.scheduleRetry(this.retryDelayMs);
      });
    }, delayMs);
    // The shutdown hook takes over the backlog; this timer alone must not keep the process up.
    this.retryTimer.unref();
  }

  private async retryBacklog(): Promise<void> {
    const rows = this.backlog.splice(0, RETRY_BATCH);
    try {
      await this.payments.recordCalls(rows);
      this.logger.log(`stored ${rows.length} held Toss call audit row(s)`);
      this.retryDelayMs = this.backlog.length > 0 ? 0 : RETRY_FIRST_MS;
    } catch {
      this.backlog.unshift(...rows);
      this.retryDelayMs = Math.min(Math.max(this.retryDelayMs * 2, RETRY_FIRST_MS), RETRY_MAX_MS);
    }
  }
}
