import { Transactional } from '@nestjs-cls/transactional';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { DomainError, TossRefusalError } from '../common/errors';
import { maskIdentityNumber } from '../common/privacy/identity-number';
import { tossConfig } from '../config/app.config';
import { MetricsService } from '../metrics/metrics.service';
import { markFailed } from '../payments/failure-text';
import type { Payment } from '../payments/payment.entity';
import { logUnrecorded, tossRefusal } from '../payments/payment-settlement';
import { PaymentsRepository } from '../payments/payments.repository';
import { TossCaller, TossCalls } from '../payments/toss-calls';
import { retryUnseen } from '../payments/toss-retry';
import type { IssueCashReceiptRequest, TossCashReceipt } from '../toss/cash-receipt.types';
import { TossClient } from '../toss/toss.client';
import { TossError } from '../toss/toss.errors';
import type { CashReceiptCancel } from './cash-receipt-cancel.entity';
import { CashReceiptLookup, LookupResult } from './cash-receipt-lookup';
import { afterCancel, findCancel, findIssue, lookupDates } from './cash-receipt-rules';
import type { CashReceipt } from './cash-receipt.entity';
import { CashReceiptsRepository } from './cash-receipts.repository';
import { IdentityNumberVault } from './identity-number-vault';

/** Toss's "this receipt exists already": ours went through earlier, or another's did; look it up. */
const DUPLICATE = 'DUPLICATED_CASH_RECEIPT';
/** An IN_PROGRESS receipt's National Tax Service outcome is read again a day later (the sweeper). */
const OUTCOME_RECHECK_MS = 24 * 3600_000;
/** What Toss's receipt orderName holds when the payment has none (at most 100 characters). */
const DEFAULT_ORDER_NAME = '현금영수증';

/**
 * Issues and cancels requested cash receipts at Toss and records what came of it, the same way
 * for the API, the refunds that cancel a receipt and the sweeper: each call carries the row's
 * stored Idempotency-Key, no transaction is open across it, an unseen outcome is retried with the
 * same key and then looked up in Toss's list, never guessed (docs/architecture.md).
 */
@Injectable()
export class CashReceiptSettlement {
  private readonly logger = new Logger(CashReceiptSettlement.name);

  constructor(
    private readonly toss: TossClient,
    private readonly calls: TossCalls,
    private readonly lookup: CashReceiptLookup,
    private readonly receipts: CashReceiptsRepository,
    private readonly payments: PaymentsRepository,
    private readonly vault: IdentityNumberVault,
    private readonly metrics: MetricsService,
    @Inject(tossConfig.KEY) private readonly config: ConfigType<typeof tossConfig>,
  ) {}

  // ------------------------------------------------------------------ issue

  /**
   * Issues a REQUESTED receipt at Toss with its stored key and records the outcome: the receipt as
   * recorded (ISSUED, or FAILED when the National Tax Service already refused it). A refusal
   * throws TossRefusalError (the row is FAILED); an unseen outcome throws
   * CASH_RECEIPT_OUTCOME_UNKNOWN (the row stays REQUESTED for the sweeper). `known`: the number and
   * the payment the caller has just read (the API's request), so neither is read again.
   */
  async issue(
    receipt: CashReceipt,
    caller: TossCaller,
    known?: { identityNumber: string; payment: Payment },
  ): Promise<CashReceipt> {
    const number = known?.identityNumber ?? (await this.openIdentity(receipt));
    const payment = known ? known.payment : await this.payments.findPayment(receipt.paymentKey);
    const body: IssueCashReceiptRequest = {
      amount: receipt.amount,
      orderId: receipt.tossOrderId,
      orderName: (payment?.raw.orderName ?? DEFAULT_ORDER_NAME).slice(0, 100) || DEFAULT_ORDER_NAME,
      type: receipt.type,
      customerIdentityNumber: number,
      ...(receipt.taxFreeAmount > 0 && { taxFreeAmount: receipt.taxFreeAmount }),
    };
    const tried = await retryUnseen(
      this.config.confirmRetries,
      () =>
        this.calls.run(
          {
            caller,
            operation: 'receiptIssue',
            orderId: receipt.orderId,
            paymentKey: receipt.paymentKey,
            idempotencyKey: receipt.idempotencyKey,
          },
          () => this.toss.issueCashReceipt(body, receipt.idempotencyKey),
        ),
      (error) => error.code === DUPLICATE,
    );
    let last: TossError | undefined;
    if (tried.kind === 'answer') {
      if (findIssue([tried.value], receipt.tossOrderId)) {
        const recorded = await this.issued(receipt, tried.value, 'issued', caller);
        if (recorded) return recorded;
      } else {
        this.logger.error(
          `MONEY ALERT: cash receipt ${receipt.id}: Toss answered a receipt that is not ours (orderId ${tried.value.orderId}); looking ours up`,
        );
      }
    } else {
      last = tried.error;
      if (last.code !== DUPLICATE && !last.outcomeUnknown)
        throw await this.refused(receipt, last, number);
    }
    const found = await this.findIssued(receipt, caller);
    if (found.kind === 'found') {
      const recorded = await this.issued(receipt, found.receipt, 'found', caller);
      if (recorded) return recorded;
    }
    if (found.kind === 'absent' && last?.code === DUPLICATE)
      throw await this.refused(receipt, last, number);
    this.metrics.cashReceipt('issue', 'unknown');
    throw this.outcomeUnknown(receipt);
  }

  /**
   * The sweeper's turn for a REQUESTED receipt: Toss's list first (the first call may have gone
   * through), then the same issue again with the same key when Toss has none. True once settled.
   */
  async retryIssue(receiptId: string): Promise<boolean> {
    const receipt = await this.receipts.findById(receiptId);
    if (!receipt || receipt.status !== 'REQUESTED') return true;
    const found = await this.findIssued(receipt, 'reconciler');
    if (found.kind === 'unknown') return false;
    if (found.kind === 'found')
      return (await this.issued(receipt, found.receipt, 'found', 'reconciler')) !== null;
    try {
      await this.issue(receipt, 'reconciler');
      return true;
    } catch (error) {
      if (error instanceof TossRefusalError) return true;
      if (error instanceof DomainError && error.code === 'CASH_RECEIPT_OUTCOME_UNKNOWN')
        return false;
      throw error;
    }
  }

  /** Our issue in Toss's list: its orderId (unique per request) on the day it was asked for, or the next. */
  private findIssued(receipt: CashReceipt, caller: TossCaller): Promise<LookupResult> {
    return this.lookup.find(
      lookupDates(receipt.createdAt),
      contextOf(receipt, caller),
      (candidate) => findIssue([candidate], receipt.tossOrderId) !== undefined,
    );
  }

  /** Records Toss's receipt and settles cancels that waited for it; null when recording failed. */
  private async issued(
    receipt: CashReceipt,
    toss: TossCashReceipt,
    outcome: 'issued' | 'found',
    caller: TossCaller,
  ): Promise<CashReceipt | null> {
    let recorded: CashReceipt | null;
    try {
      recorded = await this.recordIssued(receipt.id, toss);
    } catch (error) {
      logUnrecorded(this.logger, `cash receipt ${receipt.id}`, error);
      return null;
    }
    this.metrics.cashReceipt('issue', outcome);
    // A refund recorded while the issue was under way left a cancel waiting for the receipt.
    for (const cancel of await this.receipts.cancelsOf(receipt.id)) {
      if (cancel.status === 'REQUESTED') await this.settleCancelQuietly(cancel.id, caller);
    }
    return recorded;
  }

  /** Under the receipt's row lock: REQUESTED becomes ISSUED (or FAILED) with Toss's fields. */
  @Transactional()
  private async recordIssued(
    receiptId: string,
    toss: TossCashReceipt,
  ): Promise<CashReceipt | null> {
    const current = await this.receipts.findByIdForUpdate(receiptId);
    if (!current) return null;
    if (current.status !== 'REQUESTED') return current;
    if (toss.amount !== current.amount) {
      this.logger.warn(
        `cash receipt ${current.id}: Toss issued ${toss.amount}, we asked for ${current.amount}; the books take Toss's amount`,
      );
      current.amount = toss.amount;
    }
    current.receiptKey = toss.receiptKey;
    current.issueNumber = toss.issueNumber ?? null;
    current.receiptUrl = toss.receiptUrl ?? null;
    this.applyIssueStatus(current, toss);
    return this.receipts.save(current);
  }

  /** Toss's issueStatus on our row: FAILED at the National Tax Service fails ours too. */
  private applyIssueStatus(receipt: CashReceipt, toss: TossCashReceipt): void {
    receipt.issueStatus = toss.issueStatus;
    if (toss.issueStatus === 'FAILED') {
      markFailed(
        receipt,
        toss.failure?.code ?? 'NTS_FAILED',
        toss.failure?.message ?? 'The National Tax Service did not accept the receipt.',
      );
      return;
    }
    if (receipt.status === 'REQUESTED') receipt.status = 'ISSUED';
    receipt.nextCheckAt =
      toss.issueStatus === 'IN_PROGRESS' ? new Date(Date.now() + OUTCOME_RECHECK_MS) : null;
    receipt.checkCount = 0;
  }

  /** Toss refused the issue: the row is FAILED, and the refusal is answered per toss-refusals.ts. */
  private async refused(
    receipt: CashReceipt,
    error: TossError,
    identityNumber: string,
  ): Promise<TossRefusalError> {
    // Toss's message is shown to the buyer and stored: never with the number in it.
    const message = error.message.split(identityNumber).join(maskIdentityNumber(identityNumber));
    await this.failIssue(receipt.id, error.code, message);
    this.metrics.cashReceipt('issue', 'refused');
    return tossRefusal(
      this.logger,
      'cash-receipt',
      `cash receipt ${receipt.id}`,
      error.code,
      message,
    );
  }

  @Transactional()
  private async failIssue(receiptId: string, code: string, message: string): Promise<void> {
    const current = await this.receipts.findByIdForUpdate(receiptId);
    if (!current || current.status !== 'REQUESTED') return;
    markFailed(current, code, message);
    await this.receipts.save(current);
  }

  private outcomeUnknown(receipt: CashReceipt): DomainError {
    this.logger.warn(
      `cash receipt ${receipt.id} of ${receipt.paymentKey}: outcome unknown, left for the sweeper`,
    );
    return new DomainError(
      'CASH_RECEIPT_OUTCOME_UNKNOWN',
      'Toss could not tell us whether the cash receipt was issued. It is being checked.',
      { receiptId: receipt.id },
    );
  }

  private async openIdentity(receipt: CashReceipt): Promise<string> {
    const sealed = await this.receipts.sealedIdentity(receipt.id);
    if (!sealed) throw new Error(`cash receipt ${receipt.id} has no sealed identity number`);
    return this.vault.open(sealed);
  }

  // ------------------------------------------------------------------ daily refresh

  /**
   * The National Tax Service's outcome of receipts still IN_PROGRESS, read from Toss's list (one
   * read per request day for all of them). Returns how many changed.
   */
  async refreshOutcomes(receipts: readonly CashReceipt[]): Promise<number> {
    const days = new Map<string, TossCashReceipt[] | null>();
    let changed = 0;
    for (const receipt of receipts) {
      let toss: TossCashReceipt | undefined;
      for (const date of lookupDates(receipt.createdAt)) {
        if (!days.has(date)) {
          const day = await this.lookup.day(date, contextOf(receipt, 'reconciler'));
          days.set(date, day.kind === 'read' ? day.receipts : null);
        }
        toss = findIssue(days.get(date) ?? [], receipt.tossOrderId);
        if (toss) break;
      }
      if (
        toss &&
        toss.issueStatus !== receipt.issueStatus &&
        (await this.recordOutcome(receipt.id, toss))
      )
        changed++;
    }
    return changed;
  }

  @Transactional()
  private async recordOutcome(receiptId: string, toss: TossCashReceipt): Promise<boolean> {
    const current = await this.receipts.findByIdForUpdate(receiptId);
    if (!current || current.status !== 'ISSUED' || current.issueStatus === toss.issueStatus)
      return false;
    current.issueNumber = toss.issueNumber ?? current.issueNumber;
    current.receiptUrl = toss.receiptUrl ?? current.receiptUrl;
    this.applyIssueStatus(current, toss);
    if (toss.issueStatus === 'FAILED')
      this.logger.warn(
        `cash receipt ${current.id} of ${current.paymentKey}: the National Tax Service refused it (${current.failureCode})`,
      );
    await this.receipts.save(current);
    return true;
  }

  // ------------------------------------------------------------------ cancels

  /**
   * Cancels one refund's share of a receipt at Toss with its stored key and records the outcome.
   * True once it needs no further turn (DONE, FAILED); false while its outcome or its receipt's
   * issue is unknown (the sweeper comes back).
   */
  async settleCancel(cancelId: string, caller: TossCaller): Promise<boolean> {
    const cancel = await this.receipts.findCancel(cancelId);
    if (!cancel || cancel.status !== 'REQUESTED') return true;
    const receipt = await this.receipts.findById(cancel.receiptId);
    if (!receipt || receipt.status === 'FAILED') {
      await this.failCancel(cancel.id, 'RECEIPT_NOT_ISSUED', 'The cash receipt was never issued.');
      return true;
    }
    // Its issue is not known yet: cancelled once the receipt is (CashReceiptSettlement.issued).
    if (receipt.status === 'REQUESTED' || receipt.receiptKey === null) return false;
    const receiptKey = receipt.receiptKey;
    const tried = await retryUnseen(this.config.confirmRetries, () =>
      this.calls.run(
        {
          caller,
          operation: 'receiptCancel',
          orderId: receipt.orderId,
          paymentKey: receipt.paymentKey,
          idempotencyKey: cancel.idempotencyKey,
        },
        () =>
          this.toss.cancelCashReceipt(receiptKey, { amount: cancel.amount }, cancel.idempotencyKey),
      ),
    );
    if (tried.kind === 'answer') {
      const answer = tried.value;
      if (answer.transactionType === 'CANCEL' && answer.orderId === receipt.tossOrderId)
        return this.canceled(cancel, answer, 'canceled');
      this.logger.error(
        `MONEY ALERT: cash receipt cancel ${cancel.id}: Toss answered a receipt that is not its cancel; looking it up`,
      );
    } else if (!tried.error.outcomeUnknown) {
      const { code, message } = tried.error;
      await this.failCancel(cancel.id, code, message);
      this.metrics.cashReceipt('cancel', 'refused');
      this.logger.error(
        `cash receipt ${receipt.id} of ${receipt.paymentKey}: Toss refused to cancel ${cancel.amount} of it after refund ${cancel.refundId} (${code}); the National Tax Service keeps it for more than was paid: cancel it at Toss's dashboard`,
      );
      return true;
    }
    const found = await this.findCanceled(receipt, cancel, caller);
    if (found.kind === 'found') return this.canceled(cancel, found.receipt, 'found');
    this.metrics.cashReceipt('cancel', 'unknown');
    this.logger.warn(
      `cash receipt cancel ${cancel.id} of ${receipt.paymentKey}: outcome unknown, left for the sweeper`,
    );
    return false;
  }

  /** settleCancel for callers that must not fail (a refund's follower): errors are logged. */
  async settleCancelQuietly(cancelId: string, caller: TossCaller): Promise<void> {
    try {
      await this.settleCancel(cancelId, caller);
    } catch (error) {
      this.logger.warn(
        `cash receipt cancel ${cancelId} not settled now (${error instanceof Error ? error.message : String(error)}); the sweeper retries`,
      );
    }
  }

  /**
   * Our cancel in Toss's list: a CANCEL of the receipt's orderId for the cancel's amount that no
   * other cancel of ours has claimed, on the day the cancel or the receipt was asked for (or next).
   */
  private async findCanceled(
    receipt: CashReceipt,
    cancel: CashReceiptCancel,
    caller: TossCaller,
  ): Promise<LookupResult> {
    const claimed = new Set(
      (await this.receipts.cancelsOf(receipt.id))
        .map((other) => other.cancelReceiptKey)
        .filter((key): key is string => key !== null),
    );
    const dates = [
      ...new Set([...lookupDates(cancel.createdAt), ...lookupDates(receipt.createdAt)]),
    ];
    return this.lookup.find(
      dates.sort(),
      contextOf(receipt, caller),
      (candidate) =>
        findCancel([candidate], receipt.tossOrderId, cancel.amount, claimed) !== undefined,
    );
  }

  private async canceled(
    cancel: CashReceiptCancel,
    toss: TossCashReceipt,
    outcome: 'canceled' | 'found',
  ): Promise<boolean> {
    try {
      await this.recordCancel(cancel.id, toss);
    } catch (error) {
      logUnrecorded(this.logger, `cash receipt cancel ${cancel.id}`, error);
      return false;
    }
    this.metrics.cashReceipt('cancel', outcome);
    return true;
  }

  /** Under the receipt's row lock: the cancel DONE, its amount off the receipt (CANCELED once none is left). */
  @Transactional()
  private async recordCancel(cancelId: string, toss: TossCashReceipt): Promise<void> {
    const cancel = await this.receipts.findCancel(cancelId);
    if (!cancel) return;
    const receipt = await this.receipts.findByIdForUpdate(cancel.receiptId);
    const current = await this.receipts.findCancel(cancelId);
    if (!receipt || !current || current.status !== 'REQUESTED') return;
    if (toss.amount !== current.amount) {
      this.logger.warn(
        `cash receipt cancel ${current.id}: Toss canceled ${toss.amount}, we asked for ${current.amount}; the books take Toss's amount`,
      );
      current.amount = toss.amount;
    }
    current.status = 'DONE';
    current.cancelReceiptKey = toss.receiptKey;
    await this.receipts.saveCancel(current);
    Object.assign(receipt, afterCancel(receipt, current.amount));
    await this.receipts.save(receipt);
  }

  @Transactional()
  private async failCancel(cancelId: string, code: string, message: string): Promise<void> {
    const current = await this.receipts.findCancel(cancelId);
    if (!current || current.status !== 'REQUESTED') return;
    markFailed(current, code, message);
    await this.receipts.saveCancel(current);
  }
}

function contextOf(receipt: CashReceipt, caller: TossCaller) {
  return { caller, orderId: receipt.orderId, paymentKey: receipt.paymentKey };
}
