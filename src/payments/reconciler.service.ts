import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { SchedulerRegistry } from '@nestjs/schedule';
import { RecurringPass } from '../common/recurring-pass';
import { tossConfig } from '../config/app.config';
import { MetricsService } from '../metrics/metrics.service';
import { OrderPaymentsRepository } from './order-payments.repository';
import { PAID_LIKE_STATUSES } from './order-status';
import { accountOverdue } from './books';
import { confirmKey } from './ledger-rules';
import { PaymentLedger } from './payment-ledger';
import { PaymentSettlement } from './payment-settlement';
import { PaymentsRepository } from './payments.repository';
import { RefundsRepository } from './refunds.repository';
import { RefundsService } from './refunds.service';

export interface ReconcileReport {
  expired: number;
  claimed: number;
  settled: number;
  stillUnknown: number;
  refundsClaimed: number;
  refundsSettled: number;
}

export interface AuditReport {
  checked: number;
  changed: number;
  expiredAccounts: number;
}

const AUDIT_LIMIT = 500;
const AUDIT_PAGE = 200;

/** Toss lets a confirm happen up to 10 minutes after authentication; we add a margin. */
const CONFIRM_WINDOW_MS = 10 * 60_000 + 60_000;
const BATCH = 20;

/**
 * Settles every IN_PROGRESS order against Toss (docs/architecture.md, "An unseen outcome is found out from Toss") and expires stale PENDING ones.
 * Safe on many instances at once: rows are claimed with FOR UPDATE SKIP LOCKED and every change
 * goes through the ledger's row-locked state machine.
 */
@Injectable()
export class ReconcilerService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ReconcilerService.name);
  private readonly passes: RecurringPass<ReconcileReport>;
  private readonly audits: RecurringPass<AuditReport>;

  constructor(
    private readonly orders: OrderPaymentsRepository,
    private readonly payments: PaymentsRepository,
    private readonly settlement: PaymentSettlement,
    private readonly ledger: PaymentLedger,
    private readonly refunds: RefundsRepository,
    private readonly refundsService: RefundsService,
    private readonly metrics: MetricsService,
    @Inject(tossConfig.KEY) private readonly config: ConfigType<typeof tossConfig>,
    scheduler: SchedulerRegistry,
  ) {
    this.passes = new RecurringPass(scheduler, 'reconciler');
    this.audits = new RecurringPass(scheduler, 'reconciler-audit');
  }

  onApplicationBootstrap(): void {
    this.audits.start(this.config.reconcileAuditIntervalMs, () => this.auditTick(), {
      atStart: false,
    });
    // At start-up too: a process killed mid-confirm is healed by the next one.
    this.passes.start(this.config.reconcileIntervalMs, () => this.tick());
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([this.passes.stop(), this.audits.stop()]);
  }

  /** Shutdown has begun: both passes stop between orders. */
  private get stopped(): boolean {
    return this.passes.stopped;
  }

  private async tick(): Promise<void> {
    try {
      await this.runOnce();
    } catch (error) {
      this.logger.error(
        `reconciler run failed: ${error instanceof Error ? error.message : String(error)}`,
      );
      this.metrics.reconcilerRun('failed');
    }
  }

  /** One pass; concurrent calls in one process share the pass under way. */
  runOnce(options: { olderThanMs?: number } = {}): Promise<ReconcileReport> {
    return this.passes.run(() => this.pass(options.olderThanMs ?? this.config.reconcileAfterMs));
  }

  private async pass(olderThanMs: number): Promise<ReconcileReport> {
    const report: ReconcileReport = {
      expired: await this.orders.expirePending(new Date()),
      claimed: 0,
      settled: 0,
      stillUnknown: 0,
      refundsClaimed: 0,
      refundsSettled: 0,
    };
    const before = new Date(Date.now() - olderThanMs);
    while (!this.stopped) {
      const claimed = await this.orders.claimStuckOrders(before, BATCH);
      if (claimed.length === 0) break;
      report.claimed += claimed.length;
      for (const order of claimed) {
        if (await this.settleOne(order.orderId, order.paymentKey)) report.settled++;
        else report.stillUnknown++;
      }
    }
    while (!this.stopped) {
      // A refund whose outcome nobody saw: the same cancel, same Idempotency-Key, or Toss's cancels.
      const refundIds = await this.refunds.claimUnsettled(before, BATCH);
      if (refundIds.length === 0) break;
      report.refundsClaimed += refundIds.length;
      for (const id of refundIds) if (await this.refundsService.retry(id)) report.refundsSettled++;
    }
    if (report.claimed > 0 || report.expired > 0 || report.refundsClaimed > 0)
      this.logger.log(`reconciler: ${JSON.stringify(report)}`);
    this.metrics.reconcilerRun(report);
    return report;
  }

  private async auditTick(): Promise<void> {
    try {
      await this.audit();
    } catch (error) {
      this.logger.error(
        `reconciler audit failed: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }

  /**
   * The slow pass. Virtual accounts past their due date get no webhook from Toss: after checking
   * Toss, their orders expire. Recently paid orders are re-read so that cancels made in Toss's
   * console (or webhooks we missed) reach our books without anyone calling us.
   */
  audit(options: { days?: number } = {}): Promise<AuditReport> {
    return this.audits.run(() => this.auditPass(options.days ?? this.config.reconcileAuditDays));
  }

  private async auditPass(days: number): Promise<AuditReport> {
    const report: AuditReport = { checked: 0, changed: 0, expiredAccounts: 0 };
    const now = new Date();
    for (const order of await this.orders.findWaitingForDeposit(AUDIT_LIMIT)) {
      if (
        this.stopped ||
        !order.paymentKey ||
        !order.payment ||
        !accountOverdue(order.payment.raw, now)
      )
        continue;
      report.checked++;
      const toss = await this.settlement.lookup(order.orderId, order.paymentKey, 'reconciler');
      if (!toss) continue;
      if (accountOverdue(toss, now)) {
        if (await this.ledger.expireAccount(order.orderId, order.paymentKey))
          report.expiredAccounts++;
      } else if ((await this.settlement.settle(toss, 'reconciler')).kind === 'applied') {
        report.changed++;
      }
    }
    const since = new Date(now.getTime() - days * 24 * 3600_000);
    // Refunded orders too: a balance or a cancel we missed is healed, not only a status.
    for await (const page of this.orders.eachChangedSince(
      since,
      [...PAID_LIKE_STATUSES],
      AUDIT_PAGE,
    )) {
      for (const order of page) {
        if (this.stopped) return report;
        if (!order.paymentKey) continue;
        report.checked++;
        const toss = await this.settlement.lookup(order.orderId, order.paymentKey, 'reconciler');
        if (!toss) continue;
        const before = { status: order.status, balance: order.payment?.balanceAmount };
        const result = await this.settlement.settle(toss, 'reconciler');
        if (
          result.kind === 'applied' &&
          (result.order.status !== before.status || result.payment.balanceAmount !== before.balance)
        ) {
          report.changed++;
        }
      }
    }
    if (report.changed > 0 || report.expiredAccounts > 0)
      this.logger.log(`reconciler audit: ${JSON.stringify(report)}`);
    return report;
  }

  /** Finds out from Toss what happened to one order's payment; true when it is settled. */
  private async settleOne(orderId: string, paymentKey: string | null): Promise<boolean> {
    const payment = await this.settlement.lookup(orderId, paymentKey, 'reconciler');
    const attempt = paymentKey
      ? await this.payments.findAttempt(confirmKey(orderId, paymentKey))
      : null;
    const windowOpen = !attempt || Date.now() - attempt.createdAt.getTime() < CONFIRM_WINDOW_MS;

    if (!payment) {
      // Toss could not be asked, or does not know the payment. Only after the confirm window has
      // closed can "not found" mean it will never be approved.
      if (windowOpen || !paymentKey) return false;
      const known = await this.settlement.lookup(orderId, null, 'reconciler');
      if (known) return this.settled(await this.settlement.settle(known, 'reconciler'));
      await this.ledger.fail(
        orderId,
        paymentKey,
        'NOT_FOUND_PAYMENT',
        'Toss has no record of this payment.',
      );
      return true;
    }
    if (payment.status === 'IN_PROGRESS' || payment.status === 'READY') {
      if (!windowOpen || !attempt) {
        await this.ledger.fail(
          orderId,
          payment.paymentKey,
          'EXPIRED_PAYMENT',
          'The payment was not confirmed within Toss’s 10-minute window.',
        );
        return true;
      }
      // Authenticated but not confirmed: send the very same confirm (same Idempotency-Key) again.
      const outcome = await this.settlement.confirmAtToss(
        orderId,
        payment.paymentKey,
        attempt.amount,
        'reconciler',
      );
      if (outcome.kind === 'unknown') return false;
      if (outcome.kind === 'refused') {
        await this.ledger.fail(
          orderId,
          payment.paymentKey,
          outcome.error.code,
          outcome.error.message,
        );
        return true;
      }
      return this.settled(await this.settlement.settle(outcome.payment, 'reconciler'));
    }
    return this.settled(await this.settlement.settle(payment, 'reconciler'));
  }

  private settled(result: { kind: string }): boolean {
    return result.kind !== 'unsettled';
  }
}
