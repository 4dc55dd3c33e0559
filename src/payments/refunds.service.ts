import { Transactional } from '@nestjs-cls/transactional';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { createHash } from 'node:crypto';
import { DomainError, TossRefusalError } from '../common/errors';
import { idNotFound } from '../common/id-param';
import { tossConfig } from '../config/app.config';
import { OrderPaymentsRepository } from './order-payments.repository';
import { TossClient } from '../toss/toss.client';
import { TossError } from '../toss/toss.errors';
import type { TossPayment } from '../toss/toss.types';
import type { CancelPaymentDto } from './dto/cancel-payment.dto';
import type { PaymentResponseDto } from './dto/payment.dto';
import { PaymentLedger } from './payment-ledger';
import {
  CancelSource,
  ourCancel,
  priceRefundLines,
  RefundAsk,
  sizeRefund,
  whyNotRefundable,
} from './refund-rules';
import { logUnrecorded, PaymentSettlement, tossRefusal } from './payment-settlement';
import { cancelKey, cancelTaxFree } from './payment-snapshot';
import type { Payment } from './payment.entity';
import { toPaymentResponse } from './payments.mapper';
import { PaymentsRepository } from './payments.repository';
import type { Refund } from './refund.entity';
import { RefundDone, RefundFollowers } from './refund-followers';
import { RefundsRepository } from './refunds.repository';
import { TossCaller, TossCalls } from './toss-calls';
import { retryUnseen } from './toss-retry';
import { markFailed } from './failure-text';

/** Toss's answers that mean "maybe it is already canceled": look it up (docs/toss.md §6.2). */
const LOOK_IT_UP = new Set([
  'ALREADY_CANCELED_PAYMENT',
  'NOT_CANCELABLE_AMOUNT',
  'ALREADY_REFUND_PAYMENT',
]);

type Begun = { kind: 'call'; refund: Refund } | { kind: 'done'; paymentKey: string };

/**
 * Refunds (Toss cancels): bounded by the balance before Toss is called, one row per refund written
 * first with its own Idempotency-Key, unseen outcomes settled by lookup — never refunded twice.
 */
@Injectable()
export class RefundsService {
  private readonly logger = new Logger(RefundsService.name);

  constructor(
    private readonly payments: PaymentsRepository,
    private readonly refunds: RefundsRepository,
    private readonly orders: OrderPaymentsRepository,
    private readonly ledger: PaymentLedger,
    private readonly settlement: PaymentSettlement,
    private readonly calls: TossCalls,
    private readonly toss: TossClient,
    private readonly followers: RefundFollowers,
    @Inject(tossConfig.KEY) private readonly config: ConfigType<typeof tossConfig>,
  ) {}

  async cancel(
    paymentKey: string,
    dto: CancelPaymentDto,
    clientKey?: string,
    caller: TossCaller = 'refund',
  ): Promise<PaymentResponseDto> {
    const begun = await this.begin(paymentKey, dto, clientKey);
    if (begun.kind === 'done') return this.view(begun.paymentKey);
    await this.execute(begun.refund, caller);
    return this.view(paymentKey);
  }

  /**
   * Cancels an order's unpaid virtual account in full (the order then becomes CANCELED). Toss
   * refuses it when the deposit arrived first (a paid account needs a refund account): then our
   * books take Toss's view and the answer is ORDER_NOT_CANCELABLE, as if the deposit had won.
   */
  async cancelUnpaidAccount(paymentKey: string): Promise<void> {
    // One fixed client key: a repeated order cancel is the same refund, never a second one.
    let orderId: string | undefined;
    try {
      const begun = await this.begin(paymentKey, { cancelReason: '주문 취소' }, 'order-cancel', {
        unpaidAccountOnly: true,
      });
      if (begun.kind !== 'call') return;
      orderId = begun.refund.orderId;
      await this.execute(begun.refund, 'refund');
    } catch (error) {
      if (!(error instanceof TossRefusalError)) throw error;
      orderId ??= (await this.payments.findPayment(paymentKey))?.orderId;
      const payment = orderId && (await this.settlement.refresh(orderId, paymentKey, 'refund'));
      throw new DomainError(
        'ORDER_NOT_CANCELABLE',
        'Toss refused to cancel the virtual account: the deposit may have arrived.',
        {
          status: payment ? payment.status : null,
          tossCode: error.tossCode,
        },
      );
    }
  }

  /** Retries a refund whose outcome was not seen (the reconciler); true when it is settled. */
  async retry(refundId: string): Promise<boolean> {
    const refund = await this.refunds.findById(refundId);
    if (!refund || refund.status !== 'REQUESTED') return true;
    try {
      await this.execute(refund, 'reconciler');
      return true;
    } catch (error) {
      if (error instanceof DomainError && error.code === 'PAYMENT_OUTCOME_UNKNOWN') return false;
      if (error instanceof TossRefusalError) return true;
      throw error;
    }
  }

  /** Under the order's row lock: the checks, then the refund row, before Toss is called. */
  @Transactional()
  private async begin(
    paymentKey: string,
    dto: CancelPaymentDto,
    clientKey?: string,
    options: { unpaidAccountOnly?: boolean } = {},
  ): Promise<Begun> {
    const order = await this.orders.findByPaymentKeyForUpdate(paymentKey);
    // The balance is read under the order's lock: a refund recorded meanwhile has lowered it.
    const payment = order && (await this.payments.findPayment(paymentKey));
    if (!order || !payment) throw idNotFound('payment');
    const requestHash = digest(dto);

    if (clientKey) {
      const earlier = await this.refunds.findByClientKey(paymentKey, clientKey);
      if (earlier) {
        if (earlier.requestHash !== requestHash) {
          throw new DomainError(
            'IDEMPOTENCY_KEY_REUSED',
            'This Idempotency-Key was used for a different refund.',
          );
        }
        // The same request again: answer as the first one did.
        if (earlier.status === 'DONE') return { kind: 'done', paymentKey };
        if (earlier.status === 'FAILED')
          throw new TossRefusalError(
            'refund',
            earlier.failureCode ?? 'REFUND_FAILED',
            earlier.failureMessage ?? 'The refund failed.',
          );
        return { kind: 'call', refund: earlier };
      }
    }

    const refusal = whyNotRefundable(order, payment, paymentKey, options);
    if (refusal) throw refusal;
    // Every bound below is read under the order's lock: the balances, the refunds in flight and
    // the quantities refunded before (docs/architecture.md, "bounds are read under the row lock").
    const lines = dto.lines ?? null;
    let ask: RefundAsk = dto;
    if (lines) {
      const priced = priceRefundLines(
        await this.refunds.orderLines(order.orderId),
        await this.refunds.refundedQuantities(order.orderId),
        lines,
      );
      if (priced instanceof DomainError) throw priced;
      ask = { ...priced, refundReceiveAccount: dto.refundReceiveAccount };
    }
    const sized = sizeRefund(payment, await this.refunds.inFlight(paymentKey), ask);
    if (sized instanceof DomainError) throw sized;
    const { amount, taxFreeAmount, partial } = sized;

    const id = crypto.randomUUID();
    const refund = await this.refunds.insert({
      id,
      paymentKey,
      orderId: order.orderId,
      // Derived from our ids (or the caller's key): every retry of this refund is the same request.
      idempotencyKey: clientKey ? `refund:${paymentKey}:${clientKey}` : `refund:${id}`,
      clientKey: clientKey ?? null,
      requestHash,
      amount,
      taxFreeAmount,
      lines: lines && lines.map(({ position, quantity }) => ({ position, quantity })),
      full: !partial,
      reason: dto.cancelReason,
      status: 'REQUESTED',
      refundAccount: dto.refundReceiveAccount ? { ...dto.refundReceiveAccount } : null,
    });
    return { kind: 'call', refund };
  }

  /** Calls Toss with the refund's key (no transaction open) and records the outcome. */
  private async execute(refund: Refund, caller: TossCaller): Promise<void> {
    const context = {
      caller,
      operation: 'cancel' as const,
      orderId: refund.orderId,
      paymentKey: refund.paymentKey,
      idempotencyKey: refund.idempotencyKey,
    };
    const body = {
      cancelReason: refund.reason,
      ...(!refund.full && { cancelAmount: refund.amount }),
      // Left out, Toss counts the whole cancel as taxable (docs/toss.md, "Tax-free amounts").
      ...(refund.taxFreeAmount > 0 && { taxFreeAmount: refund.taxFreeAmount }),
      ...(refund.refundAccount && { refundReceiveAccount: refund.refundAccount }),
    };
    let last: TossError | undefined;
    const tried = await retryUnseen(
      this.config.confirmRetries,
      () =>
        this.calls.run(context, () =>
          this.toss.cancel(refund.paymentKey, body, refund.idempotencyKey),
        ),
      (error) => LOOK_IT_UP.has(error.code),
    );
    if (tried.kind === 'answer') {
      const recorded = await this.record(refund, tried.value, 'answer').catch((error: unknown) => {
        throw this.unrecorded(refund, error);
      });
      // Our books and Toss's answer each miss a cancel: read the payment again and take that.
      if (recorded.behind) await this.settlement.refresh(refund.orderId, refund.paymentKey, caller);
      if (recorded.done) return this.settle(recorded.refundDone);
      // Toss answered, but with no cancel we can take as ours: never answer 200 for that.
      this.logger.error(
        `MONEY ALERT: refund ${refund.id} of ${refund.paymentKey}: Toss's answer holds no cancel of ours`,
      );
    } else {
      last = tried.error;
      if (!LOOK_IT_UP.has(last.code) && !last.outcomeUnknown) {
        await this.fail(refund, last.code, last.message);
        throw tossRefusal(this.logger, 'refund', `refund ${refund.id}`, last.code, last.message);
      }
    }
    // Outcome unseen (or "already canceled?"): Toss's cancels tell whether ours went through.
    const payment = await this.settlement.lookup(refund.orderId, refund.paymentKey, caller);
    const looked = payment && (await this.record(refund, payment, 'lookup'));
    if (looked && looked.done) return this.settle(looked.refundDone);
    if (payment && last && LOOK_IT_UP.has(last.code)) {
      await this.fail(refund, last.code, last.message);
      throw tossRefusal(this.logger, 'refund', `refund ${refund.id}`, last.code, last.message);
    }
    throw this.outcomeUnknown(refund);
  }

  /**
   * Toss answered but recording the answer failed (the database went away): to the caller that is
   * an unknown outcome, like a confirm's; the row stays REQUESTED and the reconciler settles it.
   */
  private unrecorded(refund: Refund, error: unknown): DomainError {
    logUnrecorded(this.logger, `refund ${refund.id}`, error);
    return this.outcomeUnknown(refund);
  }

  private outcomeUnknown(refund: Refund): DomainError {
    this.logger.warn(
      `refund ${refund.id} of ${refund.paymentKey}: outcome unknown, left for the reconciler`,
    );
    return new DomainError(
      'PAYMENT_OUTCOME_UNKNOWN',
      'Toss could not tell us whether the refund went through. It is being checked; do not refund again.',
      { refundId: refund.id },
    );
  }

  /**
   * Finds our cancel among Toss's (see ourCancel), under the order's lock. Then the refund is DONE
   * with what Toss canceled, and the payment and order follow Toss (never backwards). `done` is
   * false when Toss has no such cancel; `behind` when our books and this answer each lack a cancel;
   * `refundDone` when this call made the refund DONE (its followers' work is written with it).
   */
  @Transactional()
  private async record(
    refund: Refund,
    payment: TossPayment,
    source: CancelSource,
  ): Promise<{ done: boolean; behind: boolean; refundDone?: RefundDone }> {
    await this.orders.findByIdForUpdate(refund.orderId);
    const current = await this.refunds.findById(refund.id);
    if (!current || current.status === 'FAILED') return { done: false, behind: false };
    if (current.status === 'DONE') return { done: true, behind: false };
    const claimed = new Set(
      (await this.refunds.forPayment(refund.paymentKey))
        .map((r) => r.transactionKey)
        .filter((key) => key !== null),
    );
    const ours = ourCancel(payment.cancels ?? [], claimed, current, source);
    if (!ours) return { done: false, behind: false };
    if (ours.cancelAmount !== current.amount) {
      this.logger.warn(
        `refund ${current.id} of ${current.paymentKey}: Toss canceled ${ours.cancelAmount}, we asked for ${current.amount}; the books take Toss's amount`,
      );
    }
    const tossTaxFree = cancelTaxFree(ours);
    if (tossTaxFree !== current.taxFreeAmount) {
      // Our asked part stays on the row: the books report the difference from Toss's cancel.
      this.logger.warn(
        `refund ${current.id} of ${current.paymentKey}: Toss canceled a tax-free part of ${tossTaxFree}, we asked for ${current.taxFreeAmount}`,
      );
    }
    current.status = 'DONE';
    current.amount = ours.cancelAmount;
    current.transactionKey = cancelKey(ours);
    // Toss has the refund account now; we do not keep account numbers longer than needed.
    current.refundAccount = null;
    await this.refunds.save(current);
    const refundDone: RefundDone = {
      refundId: current.id,
      paymentKey: current.paymentKey,
      orderId: current.orderId,
      amount: ours.cancelAmount,
      taxFreeAmount: tossTaxFree,
    };
    await this.followers.recorded(refundDone);
    const applied = await this.ledger.apply(payment);
    return { done: true, behind: applied.kind === 'stale' && applied.behind === true, refundDone };
  }

  /**
   * After the refund's outcome is recorded, with no transaction open: the work that follows it
   * (RefundFollowers). Nothing to do when another caller recorded it first: that caller settles.
   */
  private async settle(refundDone: RefundDone | undefined): Promise<void> {
    if (refundDone) await this.followers.settle(refundDone);
  }

  @Transactional()
  private async fail(refund: Refund, code: string, message: string): Promise<void> {
    const current = await this.refunds.findById(refund.id);
    if (!current || current.status !== 'REQUESTED') return;
    markFailed(current, code, message);
    current.refundAccount = null;
    await this.refunds.save(current);
  }

  private async view(paymentKey: string): Promise<PaymentResponseDto> {
    const payment: Payment | null = await this.payments.findPayment(paymentKey);
    if (!payment) throw idNotFound('payment');
    return toPaymentResponse(payment);
  }
}

/**
 * The request as one Idempotency-Key stands for it: the same refund asked again hashes the same,
 * another refund differently. Lines are taken in position order; a tax-free part of 0 is none.
 * The parts added with tax-free refunds join only when given, so a refund asked before them
 * keeps its hash.
 */
function digest(dto: CancelPaymentDto): string {
  const parts: unknown[] = [
    dto.cancelReason,
    dto.cancelAmount ?? null,
    dto.refundReceiveAccount ?? null,
  ];
  if (dto.taxFreeAmount) parts.push({ taxFreeAmount: dto.taxFreeAmount });
  if (dto.lines) {
    const lines = dto.lines
      .map(({ position, quantity }) => [position, quantity])
      .sort(([a], [b]) => a - b);
    parts.push({ lines });
  }
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex');
}
