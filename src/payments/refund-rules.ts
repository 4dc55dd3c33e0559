import { DomainError } from '../common/errors';
import type { OrderPayment } from './order-payment';
import type { TossCancel } from '../toss/toss.types';
import { VIRTUAL_ACCOUNT_METHOD } from './ledger-rules';
import { cancelKey } from './payment-snapshot';
import type { Payment } from './payment.entity';

const REFUNDABLE_ORDER = new Set(['PAID', 'PARTIALLY_REFUNDED', 'WAITING_FOR_DEPOSIT']);
const REFUNDABLE_PAYMENT = new Set(['DONE', 'PARTIAL_CANCELED', 'WAITING_FOR_DEPOSIT']);

type RefundOrder = Pick<OrderPayment, 'status' | 'paymentKey'>;
type RefundPayment = Pick<Payment, 'status' | 'method' | 'balanceAmount'> & {
  raw?: { isPartialCancelable?: boolean } | null;
};

/** Why this payment of this order cannot be refunded (or, `unpaidAccountOnly`, canceled) at all. */
export function whyNotRefundable(
  order: RefundOrder,
  payment: RefundPayment,
  paymentKey: string,
  options: { unpaidAccountOnly?: boolean } = {},
): DomainError | undefined {
  if (
    !REFUNDABLE_ORDER.has(order.status) ||
    !REFUNDABLE_PAYMENT.has(payment.status) ||
    order.paymentKey !== paymentKey
  ) {
    return new DomainError(
      'NOT_CANCELABLE',
      `A payment in status ${payment.status} cannot be canceled.`,
      { status: payment.status },
    );
  }
  if (
    options.unpaidAccountOnly &&
    (payment.status !== 'WAITING_FOR_DEPOSIT' || order.status !== 'WAITING_FOR_DEPOSIT')
  ) {
    // The deposit arrived meanwhile: this is a refund now, which only an admin can make.
    return new DomainError(
      'ORDER_NOT_CANCELABLE',
      `An order in status ${order.status} cannot be canceled.`,
      { status: order.status },
    );
  }
  return undefined;
}

/**
 * The refund's amount, bounded by the balance minus the refunds still in flight (`pending`), or
 * why it cannot be made. `partial`: Toss is sent the amount. Toss is sent no cancelAmount only
 * when this refund takes the whole balance with nothing else in flight; otherwise the amount we
 * reserved, so a full refund racing a partial one cancels what was left, not the partial's money too.
 */
export function sizeRefund(
  payment: RefundPayment,
  pending: number,
  request: { cancelAmount?: number; refundReceiveAccount?: unknown },
): { amount: number; partial: boolean } | DomainError {
  const unpaidAccount = payment.status === 'WAITING_FOR_DEPOSIT';
  const paidAccount = payment.method === VIRTUAL_ACCOUNT_METHOD && !unpaidAccount;
  const available = payment.balanceAmount - pending;
  const amount = request.cancelAmount ?? available;
  const partial = amount !== payment.balanceAmount;

  if (available <= 0)
    return new DomainError('NOT_CANCELABLE', 'Nothing is left to refund on this payment.', {
      balanceAmount: payment.balanceAmount,
    });
  if (amount > available) {
    return new DomainError('CANCEL_AMOUNT_EXCEEDED', `At most ${available} KRW can be refunded.`, {
      cancelAmount: amount,
      refundableAmount: available,
    });
  }
  if (unpaidAccount && partial) {
    return new DomainError(
      'NOT_CANCELABLE',
      'A virtual account that was not paid can only be canceled in full.',
    );
  }
  if (partial && payment.raw?.isPartialCancelable === false) {
    return new DomainError(
      'NOT_CANCELABLE',
      'Toss does not allow a partial cancel of this payment.',
    );
  }
  if (paidAccount && !request.refundReceiveAccount) {
    return new DomainError(
      'REFUND_ACCOUNT_REQUIRED',
      'Refunding a paid virtual account needs refundReceiveAccount.',
    );
  }
  if (!paidAccount && request.refundReceiveAccount) {
    return new DomainError(
      'VALIDATION_ERROR',
      'refundReceiveAccount is only for a virtual account that was paid.',
      [{ field: 'refundReceiveAccount', problems: ['only for a paid virtual account'] }],
    );
  }
  return { amount, partial };
}

/** Where a payment came from: Toss's answer to our own cancel call, or a lookup. */
export type CancelSource = 'answer' | 'lookup';

/**
 * Which of Toss's cancels is this refund's, given those other refunds already claimed. Toss's
 * answer to our cancel (or its replay for our Idempotency-Key) ends with our cancel, whatever its
 * amount. A lookup cannot say whose a cancel is: the first unclaimed one of our amount.
 */
export function ourCancel(
  cancels: readonly TossCancel[],
  claimed: ReadonlySet<string>,
  amount: number,
  source: CancelSource,
): TossCancel | undefined {
  const unclaimed = cancels.filter((cancel) => !claimed.has(cancelKey(cancel)));
  if (source === 'answer') {
    const last = cancels.at(-1);
    if (last && !claimed.has(cancelKey(last))) return last;
  }
  return unclaimed.find((cancel) => cancel.cancelAmount === amount);
}
