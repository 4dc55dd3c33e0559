import { Injectable, Logger } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { ORDER_STATUSES } from '../payments/order-status';
import type { SchedulerReport } from '../subscriptions/subscription-scheduler';
import { SUBSCRIPTION_STATUSES } from '../subscriptions/subscription-state';

/** What a reconciler pass reports (ReconcilerService.runOnce). */
export interface ReconcilerRun {
  expired: number;
  claimed: number;
  settled: number;
  stillUnknown: number;
}

const WEBHOOK_EVENT_TYPES = new Set([
  'PAYMENT_STATUS_CHANGED',
  'DEPOSIT_CALLBACK',
  'CANCEL_STATUS_CHANGED',
]);

/** How one billing charge ended: approved, a decline by its kind, an unseen outcome, or voided. */
export type ChargeOutcome = 'approved' | 'hard' | 'soft' | 'merchant' | 'unknown' | 'voided';

/**
 * How one cash receipt call to Toss ended (src/cash-receipts): an issue issued, or refused
 * (Toss or the National Tax Service said no), a cancel canceled or refused, either unknown (left
 * to the sweeper) or found by a lookup after an unseen answer.
 */
export type CashReceiptOperation = 'issue' | 'cancel';
export type CashReceiptOutcome = 'issued' | 'canceled' | 'refused' | 'unknown' | 'found';

/** Label values from outside (Toss codes, verdicts) are bounded so a bad peer cannot explode the series. */
function bounded(value: string | null | undefined, fallback = 'none'): string {
  if (!value) return fallback;
  return /^[A-Za-z0-9_.:-]{1,64}$/.test(value) ? value : 'other';
}

/**
 * The service's Prometheus metrics, in a registry of its own (several apps in one test process
 * must not collide). Scraped at GET /metrics. Feature code reports through the small methods below.
 */
@Injectable()
export class MetricsService {
  private readonly logger = new Logger(MetricsService.name);
  readonly registry = new Registry();

  private readonly httpDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP requests by route pattern, method and status, with their duration',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  private readonly tossCalls = new Counter({
    name: 'toss_calls_total',
    help: 'Calls to the Toss API by operation, outcome (ok, refused, unknown) and Toss code',
    labelNames: ['operation', 'outcome', 'code'] as const,
    registers: [this.registry],
  });

  private readonly tossDuration = new Histogram({
    name: 'toss_call_duration_seconds',
    help: 'Duration of calls to the Toss API by operation and outcome',
    labelNames: ['operation', 'outcome'] as const,
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
    registers: [this.registry],
  });

  private readonly confirms = new Counter({
    name: 'payment_confirms_total',
    help: 'Payment confirms by outcome (approved, refused, unknown, mismatch, rejected, error) and code',
    labelNames: ['outcome', 'code'] as const,
    registers: [this.registry],
  });

  private readonly reconcilerRuns = new Counter({
    name: 'reconciler_runs_total',
    help: 'Reconciler passes by result (ok, failed)',
    labelNames: ['result'] as const,
    registers: [this.registry],
  });

  private readonly reconcilerOrders = new Counter({
    name: 'reconciler_orders_total',
    help: 'Orders the reconciler handled: expired, claimed, settled, still_unknown',
    labelNames: ['result'] as const,
    registers: [this.registry],
  });

  private readonly reconcilerStillUnknown = new Gauge({
    name: 'reconciler_last_still_unknown',
    help: 'Orders the last reconciler pass could not settle (still IN_PROGRESS)',
    registers: [this.registry],
  });

  private readonly webhooks = new Counter({
    name: 'webhook_deliveries_total',
    help: 'Toss webhook deliveries received, by event type and verdict',
    labelNames: ['event_type', 'verdict'] as const,
    registers: [this.registry],
  });

  private readonly charges = new Counter({
    name: 'subscription_charges_total',
    help: 'Billing charges by outcome (approved, hard, soft, merchant, unknown, voided) and Toss code',
    labelNames: ['outcome', 'code'] as const,
    registers: [this.registry],
  });

  private readonly schedulerRuns = new Counter({
    name: 'subscription_scheduler_runs_total',
    help: 'Subscription scheduler passes by result (ok, failed)',
    labelNames: ['result'] as const,
    registers: [this.registry],
  });

  private readonly schedulerWork = new Counter({
    name: 'subscription_scheduler_subscriptions_total',
    help: 'What scheduler passes did: charges rechecked, subscriptions claimed, failures',
    labelNames: ['result'] as const,
    registers: [this.registry],
  });

  private readonly cashReceipts = new Counter({
    name: 'cash_receipts_total',
    help: 'Cash receipt calls by operation (issue, cancel) and outcome (issued, canceled, refused, unknown, found)',
    labelNames: ['operation', 'outcome'] as const,
    registers: [this.registry],
  });

  constructor(private readonly dataSource: DataSource) {
    collectDefaultMetrics({ register: this.registry });
    const orders: Gauge<'status'> = new Gauge({
      name: 'orders_by_status',
      help: 'Orders in the database by status (one GROUP BY on each scrape)',
      labelNames: ['status'] as const,
      registers: [this.registry],
      collect: () => this.collectByStatus(orders, 'orders', ORDER_STATUSES),
    });
    const subscriptions: Gauge<'status'> = new Gauge({
      name: 'subscriptions_by_status',
      help: 'Subscriptions in the database by status (one GROUP BY on each scrape)',
      labelNames: ['status'] as const,
      registers: [this.registry],
      collect: () => this.collectByStatus(subscriptions, 'subscriptions', SUBSCRIPTION_STATUSES),
    });
  }

  /** SubscriptionCharging: one charge's outcome, once it is known (or left unseen). */
  chargeOutcome(outcome: ChargeOutcome, code: string | null): void {
    this.charges.inc({ outcome, code: bounded(code) });
  }

  /** CashReceiptSettlement: one issue or cancel, once its outcome is known (or left unseen). */
  cashReceipt(operation: CashReceiptOperation, outcome: CashReceiptOutcome): void {
    this.cashReceipts.inc({ operation, outcome });
  }

  /** SubscriptionScheduler: one pass, as it reported it (or `failed` when it threw). */
  schedulerRun(report: SchedulerReport | 'failed'): void {
    if (report === 'failed') {
      this.schedulerRuns.inc({ result: 'failed' });
      return;
    }
    this.schedulerRuns.inc({ result: 'ok' });
    this.schedulerWork.inc({ result: 'rechecked' }, report.rechecked);
    this.schedulerWork.inc({ result: 'claimed' }, report.claimed);
    this.schedulerWork.inc({ result: 'failed' }, report.failed);
  }

  /** Fastify's onResponse hook (see installHttpMetrics). */
  httpRequest(method: string, route: string, statusCode: number, seconds: number): void {
    this.httpDuration.observe({ method, route, status_code: statusCode }, seconds);
  }

  /** TossCalls.run: one call to Toss, whatever became of it. */
  tossCall(operation: string, outcome: string, code: string | null, milliseconds: number): void {
    this.tossCalls.inc({ operation, outcome, code: bounded(code) });
    this.tossDuration.observe({ operation, outcome }, milliseconds / 1000);
  }

  /** Counts how a confirm ended, passing its result (or error) through untouched. */
  async confirmOutcome<T>(confirm: Promise<T>): Promise<T> {
    try {
      const result = await confirm;
      this.confirms.inc({ outcome: 'approved', code: 'none' });
      return result;
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      const status = (error as { status?: unknown }).status;
      this.confirms.inc(
        confirmFailure(
          typeof code === 'string' ? code : undefined,
          typeof status === 'number' ? status : undefined,
        ),
      );
      throw error;
    }
  }

  /** ReconcilerService: one pass, as it reported it (or `failed` when it threw). */
  reconcilerRun(report: ReconcilerRun | 'failed'): void {
    if (report === 'failed') {
      this.reconcilerRuns.inc({ result: 'failed' });
      return;
    }
    this.reconcilerRuns.inc({ result: 'ok' });
    this.reconcilerOrders.inc({ result: 'expired' }, report.expired);
    this.reconcilerOrders.inc({ result: 'claimed' }, report.claimed);
    this.reconcilerOrders.inc({ result: 'settled' }, report.settled);
    this.reconcilerOrders.inc({ result: 'still_unknown' }, report.stillUnknown);
    this.reconcilerStillUnknown.set(report.stillUnknown);
  }

  /**
   * The webhooks module: one delivery received from Toss. `eventType` is the body's eventType
   * (PAYMENT_STATUS_CHANGED, DEPOSIT_CALLBACK, CANCEL_STATUS_CHANGED; anything else counts as
   * `other`); `verdict` a short word such as applied, duplicate, rejected, ignored or failed.
   */
  webhookDelivery(eventType: string | null | undefined, verdict: string): void {
    const type = eventType && WEBHOOK_EVENT_TYPES.has(eventType) ? eventType : 'other';
    this.webhooks.inc({
      event_type: type,
      verdict: bounded(verdict.toLowerCase().replace(/\s+/g, '_'), 'unknown'),
    });
  }

  /** One GROUP BY status of a table we own the status of; every known status reported, 0 if none. */
  private async collectByStatus(
    gauge: Gauge<'status'>,
    table: 'orders' | 'subscriptions',
    known: readonly string[],
  ): Promise<void> {
    try {
      const rows: { status: string; n: number }[] = await this.dataSource.query(
        `SELECT status, count(*)::int AS n FROM ${table} GROUP BY status`,
      );
      const counts = new Map(rows.map((row) => [row.status, row.n]));
      gauge.reset();
      for (const status of new Set<string>([...known, ...counts.keys()]))
        gauge.set({ status }, counts.get(status) ?? 0);
    } catch (error) {
      // A scrape must not fail because the database is briefly away; the series just goes stale.
      this.logger.warn(
        `${table}_by_status not collected: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
}

/** A failed confirm's outcome label from its error: Toss's refusals carry Toss's status and code. */
export function confirmFailure(
  code: string | undefined,
  status: number | undefined,
): { outcome: string; code: string } {
  switch (code) {
    case 'PAYMENT_OUTCOME_UNKNOWN':
      return { outcome: 'unknown', code };
    case 'PAYMENT_MISMATCH':
    case 'TAX_FREE_AMOUNT_MISMATCH':
      return { outcome: 'mismatch', code };
    case 'ORDER_NOT_FOUND':
    case 'ORDER_NOT_PAYABLE':
    case 'AMOUNT_MISMATCH':
    case 'PAYMENT_IN_PROGRESS':
    case 'RATE_LIMITED':
      return { outcome: 'rejected', code };
    case undefined:
      return { outcome: 'error', code: 'none' };
    default:
      // TossRefusalError: Toss refused, or reported the payment failed (codes in toss-refusals.ts).
      return {
        outcome: status !== undefined && status < 500 ? 'refused' : 'error',
        code: bounded(code),
      };
  }
}
