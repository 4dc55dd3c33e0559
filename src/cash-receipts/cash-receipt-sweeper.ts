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
import { CashReceiptSettlement } from './cash-receipt-settlement';
import { CashReceiptsRepository } from './cash-receipts.repository';

export interface CashReceiptSweepReport {
  /** REQUESTED issues claimed, and how many of them are settled now. */
  receiptsClaimed: number;
  receiptsSettled: number;
  /** REQUESTED cancels claimed, and how many of them are settled now. */
  cancelsClaimed: number;
  cancelsSettled: number;
  /** IN_PROGRESS receipts whose National Tax Service outcome was read again, and how many changed. */
  outcomesChecked: number;
  outcomesChanged: number;
}

const BATCH = 20;
const INTERVAL_NAME = 'cash-receipt-sweeper';

/**
 * Settles the cash receipt work nobody saw the end of: REQUESTED issues and cancels (looked up in
 * Toss's list, or sent again with their stored key), and the National Tax Service's outcome of
 * IN_PROGRESS receipts (each read a day after the last look). Runs with the reconciler's
 * RECONCILE_INTERVAL_MS (and at start-up), and from ReconcilerService's callers through runOnce.
 * Safe on many instances: rows are claimed with FOR UPDATE SKIP LOCKED and their next turn pushed
 * out (claimDue), and every record is conditional on the row's state under its lock.
 */
@Injectable()
export class CashReceiptSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(CashReceiptSweeper.name);
  private readonly passes: RecurringPass<CashReceiptSweepReport>;

  constructor(
    private readonly receipts: CashReceiptsRepository,
    private readonly settlement: CashReceiptSettlement,
    @Inject(tossConfig.KEY) private readonly config: ConfigType<typeof tossConfig>,
    scheduler: SchedulerRegistry,
  ) {
    this.passes = new RecurringPass(scheduler, INTERVAL_NAME);
  }

  onApplicationBootstrap(): void {
    this.passes.start(this.config.reconcileIntervalMs, () => this.tick());
  }

  onApplicationShutdown(): Promise<void> {
    return this.passes.stop();
  }

  private async tick(): Promise<void> {
    try {
      await this.runOnce();
    } catch (error) {
      this.logger.error(
        `cash receipt sweep failed: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }

  /**
   * One pass over rows untouched for `olderThanMs` (RECONCILE_AFTER_MS by default, so a request
   * still under way is left alone); concurrent calls in one process share the pass under way.
   */
  runOnce(options: { olderThanMs?: number } = {}): Promise<CashReceiptSweepReport> {
    return this.passes.run(() => this.pass(options.olderThanMs ?? this.config.reconcileAfterMs));
  }

  private async pass(olderThanMs: number): Promise<CashReceiptSweepReport> {
    const report: CashReceiptSweepReport = {
      receiptsClaimed: 0,
      receiptsSettled: 0,
      cancelsClaimed: 0,
      cancelsSettled: 0,
      outcomesChecked: 0,
      outcomesChanged: 0,
    };
    const before = new Date(Date.now() - olderThanMs);
    // Issues first: a cancel waits for its receipt's issue.
    while (!this.passes.stopped) {
      const ids = await this.receipts.claimUnsettled(before, BATCH);
      if (ids.length === 0) break;
      report.receiptsClaimed += ids.length;
      for (const id of ids)
        if (await this.guarded(`cash receipt ${id}`, () => this.settlement.retryIssue(id)))
          report.receiptsSettled++;
    }
    while (!this.passes.stopped) {
      const ids = await this.receipts.claimUnsettledCancels(before, BATCH);
      if (ids.length === 0) break;
      report.cancelsClaimed += ids.length;
      for (const id of ids)
        if (
          await this.guarded(`cash receipt cancel ${id}`, () =>
            this.settlement.settleCancel(id, 'reconciler'),
          )
        )
          report.cancelsSettled++;
    }
    while (!this.passes.stopped) {
      const due = await this.receipts.claimInProgress(BATCH);
      if (due.length === 0) break;
      report.outcomesChecked += due.length;
      report.outcomesChanged += await this.settlement.refreshOutcomes(due);
    }
    if (report.receiptsClaimed > 0 || report.cancelsClaimed > 0 || report.outcomesChanged > 0)
      this.logger.log(`cash receipt sweep: ${JSON.stringify(report)}`);
    return report;
  }

  /** One row's failure (the database went away mid-way) does not stop the others. */
  private async guarded(what: string, work: () => Promise<boolean>): Promise<boolean> {
    try {
      return await work();
    } catch (error) {
      this.logger.error(
        `${what}: ${error instanceof Error ? error.message : String(error)}; left for the next pass`,
      );
      return false;
    }
  }
}
