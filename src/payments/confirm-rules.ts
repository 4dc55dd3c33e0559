import { DomainError } from '../common/errors';
import type { OrderPayment } from './order-payment';
import { isPaidLike } from './order-status';
import { orderNotFound } from '../auth/ownership';

/** What a confirm asks for: Toss's triple from the successUrl. */
export interface ConfirmRequest {
  paymentKey: string;
  orderId: string;
  amount: number;
}

export type NotStarted =
  /** The same confirm again after it succeeded: answer the stored payment, do not call Toss. */
  { kind: 'done'; paymentKey: string } | { kind: 'refused'; error: DomainError };

/**
 * Why a confirm cannot start on this order, in the contract's order of checks (docs/api.md); undefined when it can now.
 * `customerId` is the signed-in confirmer, null in redirect mode (where the triple is the credential).
 */
export function whyNotStarted(
  customerId: string | null,
  input: ConfirmRequest,
  order: Pick<OrderPayment, 'customerId' | 'status' | 'paymentKey' | 'amount' | 'expiresAt'> | null,
  now: Date,
): NotStarted | undefined {
  const refuse = (error: DomainError) => ({ kind: 'refused' as const, error });
  if (!order) return refuse(orderNotFound());
  if (customerId !== null && order.customerId !== customerId) return refuse(orderNotFound());

  if (isPaidLike(order.status) && order.paymentKey === input.paymentKey) {
    if (input.amount !== order.amount) return refuse(amountMismatch(order.amount, input.amount));
    return { kind: 'done', paymentKey: input.paymentKey };
  }
  if (customerId === null && input.amount !== order.amount) {
    // In redirect mode the triple is the credential: a wrong amount reveals nothing more.
    return refuse(amountMismatch(order.amount, input.amount));
  }
  if (order.status === 'IN_PROGRESS') return refuse(inProgress());
  if (order.status !== 'PENDING' || order.expiresAt.getTime() <= now.getTime()) {
    return refuse(
      new DomainError(
        'ORDER_NOT_PAYABLE',
        `The order cannot be paid (status ${order.status === 'PENDING' ? 'EXPIRED' : order.status}).`,
        { status: order.status, expiresAt: order.expiresAt },
      ),
    );
  }
  if (input.amount !== order.amount) return refuse(amountMismatch(order.amount, input.amount));
  return undefined;
}

export function inProgress(): DomainError {
  return new DomainError(
    'PAYMENT_IN_PROGRESS',
    'A confirm for this order is under way; ask again shortly.',
  );
}

function amountMismatch(expected: number, got: number): DomainError {
  return new DomainError(
    'AMOUNT_MISMATCH',
    `The amount ${got} does not match the order's amount.`,
    { expected, got },
  );
}
