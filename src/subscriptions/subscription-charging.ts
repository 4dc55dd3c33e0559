import { Transactional } from '@nestjs-cls/transactional';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { BillingKeysService } from '../billing/billing-keys.service';
import { subscriptionsConfig, tossConfig } from '../config/app.config';
import { failureText } from '../payments/failure-text';
import { approvedTaxFreeAmount } from '../payments/ledger-rules';
import { OrderPaymentsRepository } from '../payments/order-payments.repository';
import { logMerchantRefusal, PaymentSettlement } from '../payments/payment-settlement';
import { TossCalls } from '../payments/toss-calls';
import { retryUnseen } from '../payments/toss-retry';
import { MetricsService } from '../metrics/metrics.service';
import { TossClient } from '../toss/toss.client';
import type { TossPayment } from '../toss/toss.types';
import { chargeIdempotencyKey, chargeOrderId } from './charge-ids';
import { ChargeFailure, chargeFailure, declineKind, LOOK_UP_CODES } from './decline-rules';
import { SubscriptionChargesRepository } from './subscription-charges.repository';
import type { SubscriptionCharge } from './subscription-charge.entity';
import { taxFreePartOf } from '../products/tax-class';
import type { Subscription } from './subscription.entity';
import { chargeFailed, chargeSucceeded, dueAction, endAtPeriodEnd } from './subscription-state';
import { stateOf, SubscriptionsRepository, withState } from './subscriptions.repository';

/** What Toss's answer, or a look-up, says of one charge. */
type ChargeOutcome =
  | { kind: 'approved'; payment: TossPayment }
  | { kind: 'failed'; failure: ChargeFailure; message: string }
  | { kind: 'unseen' };

type Begun = { kind: 'none' } | { kind: 'call'; charge: SubscriptionCharge };

type Recorded = { kind: 'applied' | 'void' | 'already'; reason?: string };

/**
 * Charges a subscription's due period, money-safe like confirm (docs/architecture.md; the
 * flow in docs/subscriptions.md): (1) the charge row with its orderId and Idempotency-Key, in its
 * own short transaction under the subscription's lock; (2) Toss's billing charge with no
 * transaction open, audited in toss_calls, an unseen outcome retried with the same key and then
 * looked up by orderId; (3) the outcome through the state machine under the subscription's lock,
 * then the approved payment through PaymentLedger. What stays unseen is left IN_PROGRESS for
 * `recheck`, which the scheduler runs.
 */
@Injectable()
export class SubscriptionCharging {
  private readonly logger = new Logger(SubscriptionCharging.name);

  constructor(
    private readonly subscriptions: SubscriptionsRepository,
    private readonly charges: SubscriptionChargesRepository,
    private readonly orders: OrderPaymentsRepository,
    private readonly settlement: PaymentSettlement,
    private readonly calls: TossCalls,
    private readonly toss: TossClient,
    private readonly billing: BillingKeysService,
    private readonly metrics: MetricsService,
    @Inject(tossConfig.KEY) private readonly tossConf: ConfigType<typeof tossConfig>,
    @Inject(subscriptionsConfig.KEY)
    private readonly config: ConfigType<typeof subscriptionsConfig>,
  ) {}

  /**
   * How long an instance holds a claimed subscription: every try of one charge at Toss's longest
   * (TOSS_BILLING_TIMEOUT_MS) with their pauses, and a minute for the rest.
   */
  get leaseSeconds(): number {
    return (
      Math.ceil(
        ((this.tossConf.confirmRetries + 1) * (this.tossConf.billingTimeoutMs + 3000)) / 1000,
      ) + 60
    );
  }

  /** Does what is due for the subscription at `now`: charge its period, end it, or nothing. */
  async runDue(subscriptionId: string, now: Date): Promise<void> {
    const begun = await this.begin(subscriptionId, now);
    if (begun.kind === 'call') await this.callAndRecord(begun.charge, now);
  }

  /**
   * A charge nobody saw the outcome of (a timeout, a crash): looked up by its orderId; Toss has
   * none, so it is sent again with the same Idempotency-Key (a first call that did land is replayed).
   */
  async recheck(chargeId: string, now: Date): Promise<void> {
    const charge = await this.charges.findById(chargeId);
    if (!charge || charge.status !== 'IN_PROGRESS') return;
    const found = await this.lookUp(charge);
    if (found.kind !== 'unseen') return this.record(charge, found, now);
    await this.callAndRecord(charge, now);
  }

  /** Step 1: under the subscription's lock, the due action; a charge's row is written here. */
  @Transactional()
  private async begin(subscriptionId: string, now: Date): Promise<Begun> {
    const row = await this.subscriptions.findByIdForUpdate(subscriptionId);
    if (!row) return { kind: 'none' };
    const state = stateOf(row);
    const action = dueAction(state, now);
    if (action.kind === 'end') {
      const ended = endAtPeriodEnd(state, now);
      if (ended.kind === 'moved') await this.subscriptions.save(withState(row, ended.state));
      return { kind: 'none' };
    }
    if (action.kind === 'none') return { kind: 'none' };
    const ref = { subscriptionId, ...action.charge };
    const existing = await this.charges.findAttempt(subscriptionId, ref.period, ref.attempt);
    // Left IN_PROGRESS by an unseen outcome: the same orderId and key again.
    if (existing)
      return existing.status === 'IN_PROGRESS'
        ? { kind: 'call', charge: existing }
        : { kind: 'none' };
    const charge = await this.charges.insert({
      ...ref,
      orderId: chargeOrderId(ref),
      idempotencyKey: chargeIdempotencyKey(ref),
      amount: row.amount,
      // A charge's tax-free part: the whole amount of a TAX_FREE plan, nothing of a taxable one.
      taxFreeAmount: taxFreePartOf(row.amount, row.taxClass),
      cardId: row.cardId,
    });
    return { kind: 'call', charge };
  }

  /** Steps 2 and 3. */
  private async callAndRecord(charge: SubscriptionCharge, now: Date): Promise<void> {
    const outcome = await this.chargeAtToss(charge);
    await this.record(charge, outcome, now);
  }

  private async chargeAtToss(charge: SubscriptionCharge): Promise<ChargeOutcome> {
    const row = await this.subscriptions.findById(charge.subscriptionId);
    const credentials = await this.billing.credentialsForCharge(charge.cardId);
    if (!row || !credentials) {
      // The card is gone: this row may still have been sent before (a re-check), so look first.
      const found = await this.lookUp(charge);
      if (found.kind !== 'unseen') return found;
      return {
        kind: 'failed',
        failure: declineKind('NOT_FOUND_BILLING'),
        message: 'The card was deleted before it could be charged.',
      };
    }
    const { idempotencyKey, orderId } = charge;
    const tried = await retryUnseen(
      this.tossConf.confirmRetries,
      () =>
        this.calls.run(
          { caller: 'subscription', operation: 'billingCharge', orderId, idempotencyKey },
          () =>
            this.toss.chargeBillingKey(
              credentials.billingKey,
              {
                customerKey: credentials.customerKey,
                amount: charge.amount,
                orderId,
                orderName: row.planName,
                ...(charge.taxFreeAmount > 0 && { taxFreeAmount: charge.taxFreeAmount }),
              },
              idempotencyKey,
            ),
        ),
      // DUPLICATED_ORDER_ID: what a retry after an approval sees; a reason to look, never a verdict.
      (error) => (LOOK_UP_CODES as readonly string[]).includes(error.code),
    );
    if (tried.kind === 'answer') return this.fromPayment(tried.value);
    const failure = chargeFailure(tried.error);
    if (failure.kind !== 'UNKNOWN') {
      return { kind: 'failed', failure, message: tried.error.message };
    }
    return this.lookUp(charge);
  }

  /** Toss's payment for the charge's orderId, or unseen when Toss has none or cannot say now. */
  private async lookUp(charge: SubscriptionCharge): Promise<ChargeOutcome> {
    const found = await this.settlement.find(charge.orderId, null, 'subscription');
    return found.kind === 'found' ? this.fromPayment(found.payment) : { kind: 'unseen' };
  }

  private fromPayment(payment: TossPayment): ChargeOutcome {
    if (
      payment.status === 'DONE' ||
      payment.status === 'CANCELED' ||
      payment.status === 'PARTIAL_CANCELED'
    )
      return { kind: 'approved', payment };
    if (payment.status === 'ABORTED' || payment.status === 'EXPIRED') {
      const code = payment.failure?.code ?? `${payment.status}_PAYMENT`;
      return {
        kind: 'failed',
        failure: declineKind(code),
        message: payment.failure?.message ?? `Toss reports the charge as ${payment.status}.`,
      };
    }
    return { kind: 'unseen' };
  }

  private async record(charge: SubscriptionCharge, outcome: ChargeOutcome, now: Date) {
    switch (outcome.kind) {
      case 'unseen':
        this.metrics.chargeOutcome('unknown', null);
        this.logger.warn(
          `charge ${charge.orderId}: outcome unknown, left IN_PROGRESS to be looked up`,
        );
        return;
      case 'failed':
        await this.recordFailure(charge.id, outcome.failure, outcome.message, now);
        this.metrics.chargeOutcome(
          outcome.failure.kind === 'UNKNOWN' ? 'unknown' : chargeOutcomeOf(outcome.failure.kind),
          outcome.failure.code,
        );
        return;
      case 'approved': {
        const recorded = await this.recordApproval(charge.id, outcome.payment, now);
        if (recorded.kind !== 'already')
          this.metrics.chargeOutcome(recorded.kind === 'void' ? 'voided' : 'approved', null);
        if (recorded.kind === 'void') {
          this.logger.error(
            `MONEY ALERT: charge ${charge.orderId} (payment ${outcome.payment.paymentKey}) approved but ${recorded.reason}; voiding it at Toss`,
          );
        }
        // The ledger records the payment on the charge's order (PAID), or voids it (CANCELED order).
        await this.settlement.settle(outcome.payment, 'subscription');
        return;
      }
    }
  }

  /**
   * Toss approved the charge: the period advances (chargeSucceeded) and the order the books
   * count is opened, in one transaction under the subscription's lock. An approval the rules
   * refuse (the subscription ended, or the charge is not the one under way) is voided.
   */
  @Transactional()
  private async recordApproval(
    chargeId: string,
    payment: TossPayment,
    now: Date,
  ): Promise<Recorded> {
    const { row, charge } = await this.lockCharge(chargeId);
    if (!row || !charge) return { kind: 'already' };
    if (charge.status === 'DONE' || charge.status === 'VOIDED')
      return {
        kind: charge.status === 'DONE' ? 'already' : 'void',
        reason: charge.failureCode ?? '',
      };
    const order = {
      orderId: charge.orderId,
      customerId: row.userId,
      orderName: row.planName,
      amount: charge.amount,
      taxFreeAmount: charge.taxFreeAmount,
    };
    const moved =
      charge.status !== 'IN_PROGRESS' || payment.totalAmount !== charge.amount
        ? ({ kind: 'refused', code: 'STALE_CHARGE' } as const)
        : approvedTaxFreeAmount(payment) !== charge.taxFreeAmount
          ? ({ kind: 'refused', code: 'TAX_FREE_AMOUNT_MISMATCH' } as const)
          : chargeSucceeded(stateOf(row), charge, now);
    if (moved.kind === 'moved') {
      await this.subscriptions.save(withState(row, moved.state));
      await this.charges.save({
        ...charge,
        status: 'DONE',
        paymentKey: payment.paymentKey,
        approvedAt: payment.approvedAt ? new Date(payment.approvedAt) : now,
      });
      await this.orders.openChargeOrder({ ...order, status: 'IN_PROGRESS' });
      return { kind: 'applied' };
    }
    await this.charges.save({
      ...charge,
      status: 'VOIDED',
      paymentKey: payment.paymentKey,
      failureCode: moved.code,
      failureMessage: 'Approved, but the subscription could not take it; canceled at Toss.',
    });
    await this.orders.openChargeOrder({ ...order, status: 'CANCELED' });
    return { kind: 'void', reason: `the subscription refused it (${moved.code})` };
  }

  /**
   * Inside the caller's transaction: the charge's subscription locked, then the charge itself read
   * again under that lock (the subscription first, then the charge).
   */
  private async lockCharge(
    chargeId: string,
  ): Promise<{ row: Subscription | null; charge: SubscriptionCharge | null }> {
    const unlocked = await this.charges.findById(chargeId);
    const row = unlocked && (await this.subscriptions.findByIdForUpdate(unlocked.subscriptionId));
    const charge = row && (await this.charges.findByIdForUpdate(chargeId));
    return { row, charge };
  }

  /** Toss declined the charge: the rules decide (PAST_DUE, a retry, UNPAID) under the lock. */
  @Transactional()
  private async recordFailure(
    chargeId: string,
    failure: ChargeFailure,
    message: string,
    now: Date,
  ): Promise<void> {
    const { row, charge } = await this.lockCharge(chargeId);
    if (!row || !charge || charge.status !== 'IN_PROGRESS') return;
    const moved = chargeFailed(stateOf(row), charge, failure, now, this.config.retryDays);
    if (moved.kind === 'moved') await this.subscriptions.save(withState(row, moved.state));
    const text = failureText(failure.code, message);
    await this.charges.save({
      ...charge,
      status: 'DECLINED',
      failureCode: text.code,
      failureMessage: text.message,
    });
    if (failure.kind === 'MERCHANT') {
      logMerchantRefusal(this.logger, `charge ${charge.orderId}`, failure.code);
    } else if (failure.unlisted) {
      this.logger.warn(
        `charge ${charge.orderId}: unlisted decline code ${failure.code}, taken as SOFT`,
      );
    }
  }
}

/** A decline's kind as the charges metric names it. */
function chargeOutcomeOf(kind: 'HARD' | 'SOFT' | 'MERCHANT'): 'hard' | 'soft' | 'merchant' {
  return kind === 'HARD' ? 'hard' : kind === 'SOFT' ? 'soft' : 'merchant';
}
