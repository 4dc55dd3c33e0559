import { Transactional } from '@nestjs-cls/transactional';
import { Injectable } from '@nestjs/common';
import type { OrderPayment } from './order-payment';
import { OrderPaymentsRepository } from './order-payments.repository';
import type { TossPayment } from '../toss/toss.types';
import type { Payment } from './payment.entity';
import { compareSnapshots, movesForward } from './payment-snapshot';
import { DomainError } from '../common/errors';
import { orderNotFound } from '../auth/ownership';
import { canceled, closedByVoid, decide, failed, verdictOf, VoidReason } from './ledger-rules';
import { paymentFromToss, PaymentsRepository } from './payments.repository';
import type { TossCallRow } from './toss-call.entity';

export type ApplyResult =
  /** The order now reflects Toss. */
  | { kind: 'applied'; order: OrderPayment; payment: Payment }
  /** Toss still has the payment open (READY / IN_PROGRESS): nothing to record yet. */
  | { kind: 'unsettled'; order: OrderPayment }
  /**
   * Toss approved money this order cannot take (canceled, expired, paid by another payment): void
   * it at Toss. `order` is as read before; an unpaid one is CANCELED now (closedByVoid).
   */
  | ({ kind: 'void'; order: OrderPayment; payment: Payment } & VoidReason)
  /**
   * Old news (an out-of-order event, or a snapshot older than the one our books hold): the order
   * is not moved, and an older snapshot is not stored. `behind`: ours and this one each lack a
   * cancel the other has, so neither is the whole truth: read the payment from Toss again.
   */
  | { kind: 'stale'; order: OrderPayment; payment: Payment; behind?: boolean }
  | { kind: 'no-order' };

/**
 * Applies what Toss says about a payment to our books, under the order's row lock. Confirm, the
 * reconciler, webhooks and refunds all go through here, so there is one state machine.
 */
@Injectable()
export class PaymentLedger {
  constructor(
    private readonly orders: OrderPaymentsRepository,
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
  async apply(
    toss: TossPayment,
    expected?: OrderPayment,
    held?: TossCallRow[],
  ): Promise<ApplyResult> {
    if (expected && expected.orderId === toss.orderId) {
      const verdict = verdictOf(toss);
      const decision =
        verdict.kind === 'unsettled' ? undefined : decide(expected, toss, verdict, new Date());
      if (decision?.kind === 'applied') {
        const payment = await this.payments.recordSettlement(paymentFromToss(toss), {
          order: decision.order,
          attempt: decision.attempt,
          expected,
          calls: held,
        });
        held?.splice(0);
        if (payment) return { kind: 'applied', order: decision.order, payment };
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

    const now = new Date();
    const decision = decide(order, toss, verdict, now);
    // An approval the order cannot take closes the order while it is unpaid (closedByVoid), in
    // the same statement under the lock held here; the caller voids the approval at Toss.
    const moved =
      decision.kind === 'applied'
        ? decision
        : decision.kind === 'void'
          ? closedByVoid(
              order,
              toss.paymentKey,
              { code: decision.code, message: decision.reason },
              now,
            )
          : undefined;
    const payment = (await this.payments.recordSettlement(paymentFromToss(toss), {
      order: moved?.order,
      attempt: moved?.attempt,
    }))!;
    switch (decision.kind) {
      case 'applied':
        return { kind: 'applied', order: decision.order, payment };
      case 'void': {
        const { kind: _void, ...why } = decision;
        return { kind: 'void', order, payment, ...why };
      }
      case 'stale':
        return { kind: 'stale', order, payment };
    }
  }

  /** Toss refused the confirm (or the payment failed there): the customer may try again. */
  @Transactional()
  async fail(
    orderId: string,
    paymentKey: string,
    code: string,
    message: string,
  ): Promise<OrderPayment | null> {
    const order = await this.orders.findByIdForUpdate(orderId);
    if (!order) return null;
    if (order.status === 'IN_PROGRESS' && order.paymentKey === paymentKey) {
      const moved = failed(order, paymentKey, { code, message }, new Date());
      await this.orders.update(moved.order);
      await this.payments.markAttempt(
        moved.attempt.idempotencyKey,
        moved.attempt.status,
        moved.attempt.failure,
      );
      return moved.order;
    }
    return order;
  }

  /** The customer gives up a pending order; the row lock orders this against a confirm starting. */
  @Transactional()
  async cancelPending(orderId: string): Promise<void> {
    const order = await this.orders.findByIdForUpdate(orderId);
    if (!order) throw orderNotFound();
    const moved = canceled(order, new Date());
    if (moved instanceof DomainError) throw moved;
    await this.orders.update(moved);
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
