import { Transactional } from '@nestjs-cls/transactional';
import { Injectable, Logger } from '@nestjs/common';
import type { AuthUser } from '../auth/auth-user';
import { DomainError } from '../common/errors';
import { idNotFound } from '../common/id-param';
import { MetricsService } from '../metrics/metrics.service';
import { canSee } from '../auth/ownership';
import type { OrderPayment } from './order-payment';
import { isPaidLike } from './order-status';
import { OrderPaymentsRepository } from './order-payments.repository';
import type { PaymentResponseDto } from './dto/payment.dto';
import { inProgress, whyNotStarted } from './confirm-rules';
import { confirmKey, VoidReason } from './ledger-rules';
import { PaymentLedger } from './payment-ledger';
import { failureText } from './failure-text';
import { logUnrecorded, PaymentSettlement, tossRefusal } from './payment-settlement';
import { toPaymentResponse } from './payments.mapper';
import { PaymentsRepository } from './payments.repository';
import type { TossCallRow } from './toss-call.entity';
import { TossCalls } from './toss-calls';

/** The confirm's answer when Toss approved what the order cannot take (the approval is canceled). */
function voided(why: VoidReason): DomainError {
  if (why.code === 'TAX_FREE_AMOUNT_MISMATCH') {
    return new DomainError(
      'TAX_FREE_AMOUNT_MISMATCH',
      `Toss approved a tax-free amount of ${why.got}, not the order's ${why.expected}; the payment was canceled. Order again and pass the order's taxFreeAmount to the payment window.`,
      { expected: why.expected, got: why.got },
    );
  }
  return new DomainError(
    'PAYMENT_MISMATCH',
    'Toss approved a payment that does not match this order; it has been canceled.',
  );
}

export interface ConfirmInput {
  paymentKey: string;
  orderId: string;
  amount: number;
}

/** Who may confirm: the signed-in owner, or (redirect mode) whoever holds Toss's exact triple. */
export type Confirmer = { kind: 'customer'; user: AuthUser } | { kind: 'redirect' };

type Begin = { kind: 'done'; paymentKey: string } | { kind: 'call'; order: OrderPayment };

@Injectable()
export class PaymentsService {
  private readonly logger = new Logger(PaymentsService.name);

  constructor(
    private readonly orders: OrderPaymentsRepository,
    private readonly payments: PaymentsRepository,
    private readonly settlement: PaymentSettlement,
    private readonly ledger: PaymentLedger,
    private readonly metrics: MetricsService,
    private readonly calls: TossCalls,
  ) {}

  /**
   * Confirm (docs/api.md, Confirm): validate and mark IN_PROGRESS in one conditional statement
   * (transaction A), call Toss with no transaction open, then record Toss's answer in one statement
   * that lands only if the order is as A left it, else under the row lock (PaymentLedger.apply).
   */
  confirm(confirmer: Confirmer, input: ConfirmInput): Promise<PaymentResponseDto> {
    return this.metrics.confirmOutcome(this.confirmOnce(confirmer, input));
  }

  private async confirmOnce(
    confirmer: Confirmer,
    input: ConfirmInput,
  ): Promise<PaymentResponseDto> {
    const begun = await this.begin(confirmer, input);
    if (begun.kind === 'done') return this.view(begun.paymentKey);
    // The Toss call's audit row rides along with the record statement; whatever that did not write, is written here.
    const audit: TossCallRow[] = [];
    try {
      return await this.callAndRecord(input, begun.order, audit);
    } finally {
      await this.calls.flush(audit);
    }
  }

  private async callAndRecord(
    input: ConfirmInput,
    begun: OrderPayment,
    audit: TossCallRow[],
  ): Promise<PaymentResponseDto> {
    const outcome = await this.settlement.confirmAtToss(
      input.orderId,
      input.paymentKey,
      begun.amount,
      'confirm',
      audit,
    );
    switch (outcome.kind) {
      case 'refused': {
        const { error } = outcome;
        await this.ledger.fail(input.orderId, input.paymentKey, error.code, error.message);
        throw tossRefusal(
          this.logger,
          'confirm',
          `confirm of order ${input.orderId}`,
          error.code,
          error.message,
        );
      }
      case 'unknown':
        throw this.outcomeUnknown(input.orderId);
      case 'payment': {
        // Recorded against the order as transaction A left it (see PaymentLedger.apply).
        const result = await this.settlement
          .settle(outcome.payment, 'confirm', begun, audit)
          .catch((error: unknown) => {
            throw this.unrecorded(input.orderId, error);
          });
        if (
          result.kind === 'applied' &&
          isPaidLike(result.order.status) &&
          result.order.paymentKey === input.paymentKey
        ) {
          // The row just stored is the answer: no read back.
          return toPaymentResponse(result.payment);
        }
        if (result.kind === 'applied') {
          // Toss reports the payment failed (ABORTED / EXPIRED): answered as a refusal with its reason.
          throw tossRefusal(
            this.logger,
            'confirm',
            `confirm of order ${input.orderId}`,
            result.order.lastFailureCode ?? 'PAYMENT_FAILED',
            result.order.lastFailureMessage ?? 'The payment failed at Toss.',
          );
        }
        if (result.kind === 'void') throw voided(result);
        throw this.outcomeUnknown(input.orderId);
      }
    }
  }

  /**
   * Transaction A: the checks of docs/api.md (Confirm) steps 1–3 and the move to IN_PROGRESS, as one conditional
   * statement (its own transaction; the UPDATE holds the row lock while it checks and writes). When
   * it starts nothing, the order as it is now says why. An order that looks payable again by then
   * (a concurrent attempt just failed) is tried again, a few times.
   */
  private async begin(confirmer: Confirmer, input: ConfirmInput): Promise<Begin> {
    const start = {
      orderId: input.orderId,
      paymentKey: input.paymentKey,
      amount: input.amount,
      customerId: confirmer.kind === 'customer' ? confirmer.user.id : null,
      idempotencyKey: confirmKey(input.orderId, input.paymentKey),
    };
    for (let tries = 0; tries < 3; tries++) {
      // Toss is sent the stored amount, never the client's (docs/architecture.md, "The server computes amounts"); they are equal here.
      const order = await this.orders.startPayment({ ...start, now: new Date() });
      if (order) return { kind: 'call', order };
      const refusal = whyNotStarted(
        confirmer.kind === 'customer' ? confirmer.user.id : null,
        input,
        await this.orders.findById(input.orderId),
        new Date(),
      );
      if (refusal?.kind === 'done') return refusal;
      if (refusal) throw refusal.error;
    }
    throw inProgress();
  }

  async get(user: AuthUser, paymentKey: string): Promise<PaymentResponseDto> {
    const payment = await this.payments.findPayment(paymentKey);
    const order = payment ? await this.orders.findById(payment.orderId) : null;
    if (!payment || !order || !canSee(user, order)) {
      throw idNotFound('payment');
    }
    const calls =
      user.role === 'admin'
        ? await this.payments.findCallsForPayment(paymentKey, payment.orderId)
        : undefined;
    return toPaymentResponse(payment, calls);
  }

  /** The failUrl: remember why the attempt failed; the order stays PENDING for another try. */
  @Transactional()
  async recordWindowFailure(orderId: string, code: string, message: string): Promise<void> {
    const order = await this.orders.findByIdForUpdate(orderId);
    if (!order || order.status !== 'PENDING') return;
    const failure = failureText(code, message);
    order.lastFailureCode = failure.code;
    order.lastFailureMessage = failure.message;
    await this.orders.update(order);
  }

  private async view(paymentKey: string): Promise<PaymentResponseDto> {
    const payment = await this.payments.findPayment(paymentKey);
    if (!payment) throw idNotFound('payment');
    return toPaymentResponse(payment);
  }

  /**
   * Toss answered but recording its answer failed (the database went away): to the client that is an
   * unknown outcome, never a 500 or a 503 that invites paying again. The order is left IN_PROGRESS (or
   * settled, if the write landed and only its reply was lost) and the reconciler settles it from
   * Toss; the held audit rows are written by confirmOnce's flush, later if the database is still away.
   */
  private unrecorded(orderId: string, error: unknown): DomainError {
    logUnrecorded(this.logger, `confirm of order ${orderId}`, error);
    return this.outcomeUnknown(orderId);
  }

  private outcomeUnknown(orderId: string): DomainError {
    this.logger.warn(
      `confirm of order ${orderId}: outcome unknown, left IN_PROGRESS for the reconciler`,
    );
    return new DomainError(
      'PAYMENT_OUTCOME_UNKNOWN',
      'Toss could not tell us whether the payment went through. The order is being checked; do not pay again.',
      { orderId },
    );
  }
}
