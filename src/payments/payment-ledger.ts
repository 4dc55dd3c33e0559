import { Transactional } from '@nestjs-cls/transactional';
import { Injectable } from '@nestjs/common';
import { canMove, TossVerdict, verdictOf } from '../orders/order-state';
import { Order } from '../orders/order.entity';
import { isPaidLike } from '../orders/order-status';
import { OrdersRepository } from '../orders/orders.repository';
import type { TossPayment } from '../toss/toss.types';
import type { Payment } from './payment.entity';
import { compareSnapshots, movesForward } from './payment-snapshot';
import { AttemptVerdict, paymentFromToss, PaymentsRepository } from './payments.repository';
import type { TossCallRow } from './toss-call.entity';
import { failureText } from './failure-text';

export type ApplyResult =
  /** The order now reflects Toss. */
  | { kind: 'applied'; order: Order; payment: Payment }
  /** Toss still has the payment open (READY / IN_PROGRESS): nothing to record yet. */
  | { kind: 'unsettled'; order: Order }
  /** Toss approved money this order cannot take (canceled, expired, paid by another payment): void it. */
  | { kind: 'void'; order: Order; payment: Payment; reason: string }
  /**
   * Old news (an out-of-order event, or a snapshot older than the one our books hold): the order
   * is not moved, and an older snapshot is not stored. `behind`: ours and this one each lack a
   * cancel the other has, so neither is the whole truth: read the payment from Toss again.
   */
  | { kind: 'stale'; order: Order; payment: Payment; behind?: boolean }
  | { kind: 'no-order' };

const APPROVED_AT_TOSS = new Set(['DONE', 'WAITING_FOR_DEPOSIT']);

/**
 * Applies what Toss says about a payment to our books, under the order's row lock. Confirm, the
 * reconciler, webhooks and refunds all go through here, so there is one state machine.
 */
@Injectable()
export class PaymentLedger {
  constructor(
    private readonly orders: OrdersRepository,
    private readonly payments: PaymentsRepository,
  ) {}

  /**
   * Records Toss's view of a payment. With `expected` (the order as this process last wrote it: the
   * confirm, right after transaction A), the decision is made on that copy and written in one
   * statement that lands only if the row still is that copy (status, paymentKey, paidAt, canceledAt:
   * everything the decision reads that can change). If anything else moved the order meanwhile, or
   * the decision is anything but a plain move, it is decided again under the row lock. Audit rows
   * `held` by the caller are written by that one statement (and removed from the list).
   */
  async apply(toss: TossPayment, expected?: Order, held?: TossCallRow[]): Promise<ApplyResult> {
    if (expected && expected.orderId === toss.orderId) {
      const verdict = verdictOf(toss);
      const order = Object.assign(new Order(), expected);
      const decision = verdict.kind === 'unsettled' ? undefined : decide(order, toss, verdict);
      if (decision?.kind === 'applied') {
        const payment = await this.payments.recordSettlement(paymentFromToss(toss), {
          order,
          attempt: decision.attempt,
          expected,
          calls: held,
        });
        held?.splice(0);
        if (payment) return { kind: 'applied', order, payment };
      }
    }
    return this.applyLocked(toss);
  }

  // One transaction: the lock orders this against every other path that moves the same order,
  // and our stored snapshot is read under it, so an older answer can never replace a newer one.
  // Its writes (payment, order, attempt) go in one statement after the decision.
  @Transactional()
  private async applyLocked(toss: TossPayment): Promise<ApplyResult> {
    const order = await this.orders.findByIdForUpdate(toss.orderId);
    if (!order) return { kind: 'no-order' };
    const verdict = verdictOf(toss);
    if (verdict.kind === 'unsettled') return { kind: 'unsettled', order };
    const stored = await this.payments.findPayment(toss.paymentKey);
    const age = stored ? compareSnapshots(stored, toss) : 'newer';
    if (stored && !movesForward(age)) {
      return { kind: 'stale', order, payment: stored, behind: age === 'diverged' };
    }

    const decision = decide(order, toss, verdict);
    const applied = decision.kind === 'applied';
    const payment = (await this.payments.recordSettlement(paymentFromToss(toss), {
      order: applied ? order : undefined,
      attempt: applied ? decision.attempt : undefined,
    }))!;
    return decision.kind === 'void'
      ? { kind: 'void', order, payment, reason: decision.reason }
      : { kind: decision.kind, order, payment };
  }

  /** Toss refused the confirm (or the payment failed there): the customer may try again. */
  @Transactional()
  async fail(
    orderId: string,
    paymentKey: string,
    code: string,
    message: string,
  ): Promise<Order | null> {
    const order = await this.orders.findByIdForUpdate(orderId);
    if (!order) return null;
    if (order.status === 'IN_PROGRESS' && order.paymentKey === paymentKey) {
      const attempt = markFailed(order, paymentKey, code, message);
      await this.orders.update(order);
      await this.payments.markAttempt(attempt.idempotencyKey, attempt.status, attempt.failure);
    }
    return order;
  }

  /** A virtual account past its due date with no deposit (Toss sends no webhook for this). */
  @Transactional()
  async expireAccount(orderId: string, paymentKey: string): Promise<boolean> {
    const order = await this.orders.findByIdForUpdate(orderId);
    if (!order || order.status !== 'WAITING_FOR_DEPOSIT' || order.paymentKey !== paymentKey)
      return false;
    order.status = 'EXPIRED';
    order.nextCheckAt = null;
    await this.orders.update(order);
    return true;
  }
}

/** Only 'applied' moved the order (in place); its attempt verdict is written with it. */
type Decision =
  | { kind: 'applied'; attempt: AttemptVerdict }
  | { kind: 'stale' }
  | { kind: 'void'; reason: string };

/** What Toss's settled or failed payment does to the (locked) order: moves it in place, or not. */
function decide(
  order: Order,
  toss: TossPayment,
  verdict: Exclude<TossVerdict, { kind: 'unsettled' }>,
): Decision {
  const ours = order.paymentKey === null || order.paymentKey === toss.paymentKey;
  const stale: Decision = { kind: 'stale' };
  const voided = (reason: string): Decision => ({ kind: 'void', reason });

  if (verdict.kind === 'failed') {
    if (order.status === 'IN_PROGRESS' && order.paymentKey === toss.paymentKey) {
      return {
        kind: 'applied',
        attempt: markFailed(order, toss.paymentKey, verdict.code, verdict.message),
      };
    }
    return stale;
  }

  const approval = APPROVED_AT_TOSS.has(toss.status);
  if (approval && toss.totalAmount !== order.amount) {
    return voided(`approved amount ${toss.totalAmount} differs from the order's ${order.amount}`);
  }
  if (!ours && isPaidLike(order.status)) {
    return approval ? voided(`order already paid by ${order.paymentKey}`) : stale;
  }
  const target =
    order.status === 'WAITING_FOR_DEPOSIT' && unpaidAccountCanceled(toss)
      ? 'CANCELED'
      : verdict.status;
  if (!canMove(order.status, target)) {
    if (approval && (order.status === 'CANCELED' || order.status === 'EXPIRED'))
      return voided(`order is ${order.status}`);
    return stale;
  }

  order.status = target;
  order.paymentKey = toss.paymentKey;
  order.nextCheckAt = null;
  if (target !== 'WAITING_FOR_DEPOSIT' && target !== 'CANCELED')
    order.paidAt ??= (toss.approvedAt ? new Date(toss.approvedAt) : null) ?? new Date();
  if (target === 'CANCELED') order.canceledAt ??= new Date();
  order.lastFailureCode = null;
  order.lastFailureMessage = null;
  return {
    kind: 'applied',
    attempt: { idempotencyKey: confirmKey(order.orderId, toss.paymentKey), status: 'APPROVED' },
  };
}

/** Past its expiry the order cannot be tried again: it ends EXPIRED, otherwise it is payable again. */
function markFailed(
  order: Order,
  paymentKey: string,
  code: string,
  message: string,
): AttemptVerdict {
  order.status = order.expiresAt.getTime() < Date.now() ? 'EXPIRED' : 'PENDING';
  order.paymentKey = null;
  order.nextCheckAt = null;
  order.checkCount = 0;
  const failure = failureText(code, message);
  order.lastFailureCode = failure.code;
  order.lastFailureMessage = failure.message;
  return { idempotencyKey: confirmKey(order.orderId, paymentKey), status: 'FAILED', failure };
}

/** Toss's `method` of a virtual-account payment. */
export const VIRTUAL_ACCOUNT_METHOD = '가상계좌';

/**
 * Toss canceled a virtual account that never took a deposit: no money moved, so its order ends
 * CANCELED, not REFUNDED, and Toss holds nothing for it. A paid account's refund carries a refund
 * status other than NONE (TOSS.md §3). The ledger and the books both judge by this.
 */
export function unpaidAccountCanceled(
  toss: Pick<TossPayment, 'method' | 'status' | 'virtualAccount'>,
): boolean {
  const refundStatus = toss.virtualAccount?.refundStatus;
  return (
    toss.method === VIRTUAL_ACCOUNT_METHOD &&
    (toss.status === 'CANCELED' || toss.status === 'PARTIAL_CANCELED') &&
    (refundStatus === undefined || refundStatus === null || refundStatus === 'NONE')
  );
}

/**
 * The Idempotency-Key of the confirm of (orderId, paymentKey): derived, not random, so a retry from
 * any path or instance is the same request to Toss. Toss scopes keys by key + secret + URL only
 * (not the body), so it must differ per payment: one key for two confirms would replay the first.
 */
export function confirmKey(orderId: string, paymentKey: string): string {
  return `confirm:${orderId}:${paymentKey}`;
}
