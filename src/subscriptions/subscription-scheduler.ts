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
import { subscriptionsConfig } from '../config/app.config';
import { MetricsService } from '../metrics/metrics.service';
import { SubscriptionChargesRepository } from './subscription-charges.repository';
import { SubscriptionCharging } from './subscription-charging';
import { SubscriptionClock } from './subscription-clock';
import { SubscriptionsRepository } from './subscriptions.repository';

export interface SchedulerReport {
  /** Charges left IN_PROGRESS that were looked up (and sent again when Toss had none). */
  rechecked: number;
  /** Due subscriptions this instance claimed and acted on. */
  claimed: number;
  failed: number;
}

const BATCH = 20;
const INTERVAL_NAME = 'subscription-scheduler';

/**
 * Runs what is due: every SUBSCRIPTION_SCHEDULER_INTERVAL_MS (and at start-up), or once from
 * `npm run charge-subscriptions`. First the charges nobody saw the outcome of (looked up by
 * orderId), then due subscriptions, claimed with FOR UPDATE SKIP LOCKED and a lease so any number
 * of instances run it and each charge is sent by one; a charge is unique per
 * (subscription, period, attempt) and carries a derived Idempotency-Key besides.
 */
@Injectable()
export class SubscriptionScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(SubscriptionScheduler.name);
  private readonly passes: RecurringPass<SchedulerReport>;

  constructor(
    private readonly subscriptions: SubscriptionsRepository,
    private readonly charges: SubscriptionChargesRepository,
    private readonly charging: SubscriptionCharging,
    private readonly clock: SubscriptionClock,
    private readonly metrics: MetricsService,
    @Inject(subscriptionsConfig.KEY)
    private readonly config: ConfigType<typeof subscriptionsConfig>,
    scheduler: SchedulerRegistry,
  ) {
    this.passes = new RecurringPass(scheduler, INTERVAL_NAME);
  }

  onApplicationBootstrap(): void {
    this.passes.start(this.config.schedulerIntervalMs, () => this.tick());
  }

  onApplicationShutdown(): Promise<void> {
    return this.passes.stop();
  }

  private async tick(): Promise<void> {
    try {
      this.metrics.schedulerRun(await this.runOnce());
    } catch (error) {
      this.metrics.schedulerRun('failed');
      this.logger.error(
        `subscription scheduler run failed: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }

  /**
   * One pass at `now` (SubscriptionClock's by default). `recheckAfterMs`: how long a charge
   * stays IN_PROGRESS before it is looked up; by default longer than a charge can take. Concurrent
   * calls in one process share the pass under way.
   */
  runOnce(options: { now?: Date; recheckAfterMs?: number } = {}): Promise<SchedulerReport> {
    return this.passes.run(() =>
      this.pass(
        options.now ?? this.clock.now(),
        options.recheckAfterMs ?? this.charging.leaseSeconds * 1000,
      ),
    );
  }

  private async pass(now: Date, recheckAfterMs: number): Promise<SchedulerReport> {
    const report: SchedulerReport = { rechecked: 0, claimed: 0, failed: 0 };
    const before = new Date(Date.now() - recheckAfterMs);
    while (!this.passes.stopped) {
      const unseen = await this.charges.claimUnseen(before, BATCH);
      if (unseen.length === 0) break;
      for (const id of unseen) {
        report.rechecked++;
        await this.guarded(report, `charge ${id}`, () => this.charging.recheck(id, now));
      }
    }
    // Once per pass each: one still due after its turn (an outcome left unseen) keeps its lease,
    // so it waits for the lease or the look-up above instead of calling Toss again at once.
    const acted = new Set<string>();
    while (!this.passes.stopped) {
      const due = await this.subscriptions.claimDue(now, this.charging.leaseSeconds, BATCH);
      if (due.length === 0) break;
      // Claimed again, it keeps the lease just taken, so the next claim passes over it.
      for (const id of due.filter((claimed) => !acted.has(claimed))) {
        acted.add(id);
        report.claimed++;
        await this.guarded(report, `subscription ${id}`, () => this.charging.runDue(id, now));
        await this.subscriptions.release(id);
      }
    }
    if (report.claimed > 0 || report.rechecked > 0)
      this.logger.log(`subscription scheduler: ${JSON.stringify(report)}`);
    return report;
  }

  /** One subscription's failure (the database went away mid-way) does not stop the others. */
  private async guarded(report: SchedulerReport, what: string, work: () => Promise<void>) {
    try {
      await work();
    } catch (error) {
      report.failed++;
      this.logger.error(
        `${what}: ${error instanceof Error ? error.message : String(error)}; left for the next run`,
      );
    }
  }
}
