import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable, Logger } from '@nestjs/common';
import { MetricsService } from '../metrics/metrics.service';
import { TossError } from '../toss/toss.errors';
import type { TossOperation } from '../toss/toss.types';
import type { TossCallRow } from './toss-call.entity';
import { PaymentsRepository } from './payments.repository';

export type TossCaller = 'confirm' | 'reconciler' | 'refund' | 'webhook' | 'report';

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

/** Runs a call to Toss, refusing to do so inside a transaction (money rule 2), and audits it. */
@Injectable()
export class TossCalls {
  private readonly logger = new Logger(TossCalls.name);

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
    let outcome = 'ok';
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

  /** Writes held audit rows (those no record statement took) and empties the list. */
  async flush(rows: TossCallRow[]): Promise<void> {
    const pending = rows.splice(0);
    if (pending.length === 0) return;
    await this.payments
      .recordCalls(pending)
      .catch((error: unknown) =>
        this.logger.error(`could not store the audit row of a Toss call: ${String(error)}`),
      );
  }
}
