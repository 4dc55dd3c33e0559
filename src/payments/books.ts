import type { OrderStatus } from '../orders/order-status';
import { verdictOf } from '../orders/order-state';
import type { TossPayment } from '../toss/toss.types';

export interface OrderBooks {
  orderId: string;
  status: OrderStatus;
  amount: number;
  paymentKey: string | null;
  /** Our payment row's balance, when we have one for the order's paymentKey. */
  balanceAmount: number | null;
}

export type Problem =
  | 'UNSETTLED'
  | 'STATUS_DIFFERS'
  | 'AMOUNT_DIFFERS'
  | 'BALANCE_DIFFERS'
  | 'PAID_BUT_NOT_AT_TOSS'
  | 'APPROVED_AT_TOSS_NOT_PAID';

const PAID_LIKE = new Set<OrderStatus>(['PAID', 'WAITING_FOR_DEPOSIT', 'PARTIALLY_REFUNDED', 'REFUNDED']);

/** A virtual account whose due date has passed with no deposit: Toss sends no webhook and keeps it waiting. */
export function accountOverdue(toss: Pick<TossPayment, 'status' | 'virtualAccount'>, now: Date): boolean {
  const due = toss.virtualAccount?.dueDate;
  return toss.status === 'WAITING_FOR_DEPOSIT' && typeof due === 'string' && Date.parse(due) < now.getTime();
}

/**
 * Where our order and Toss disagree, by the invariant "Toss approved ⇔ our order paid, same
 * amount, same balance". `toss` is Toss's payment for the order, or null when Toss has none.
 */
export function booksProblems(order: OrderBooks, toss: TossPayment | null, now = new Date()): Problem[] {
  if (order.status === 'IN_PROGRESS') return ['UNSETTLED'];
  if (!toss) return PAID_LIKE.has(order.status) ? ['PAID_BUT_NOT_AT_TOSS'] : [];
  const verdict = verdictOf(toss);
  if (verdict.kind !== 'settled') {
    return PAID_LIKE.has(order.status) ? ['PAID_BUT_NOT_AT_TOSS'] : [];
  }
  if (!PAID_LIKE.has(order.status)) {
    // Agreed when Toss holds no money for the order: an unpaid account canceled or past its due
    // date, or an approval we voided (fully canceled at Toss).
    const holdsNothing =
      verdict.status === 'REFUNDED' || (order.status === 'EXPIRED' && accountOverdue(toss, now)) || (order.status === 'CANCELED' && isUnpaidAccountCancel(toss));
    return holdsNothing ? [] : ['APPROVED_AT_TOSS_NOT_PAID'];
  }
  const problems: Problem[] = [];
  if (verdict.status !== order.status) problems.push('STATUS_DIFFERS');
  if (toss.totalAmount !== order.amount) problems.push('AMOUNT_DIFFERS');
  if (order.balanceAmount !== null && order.balanceAmount !== toss.balanceAmount) problems.push('BALANCE_DIFFERS');
  return problems;
}

function isUnpaidAccountCancel(toss: TossPayment): boolean {
  const refundStatus = toss.virtualAccount?.refundStatus;
  return toss.method === '가상계좌' && (refundStatus === undefined || refundStatus === null || refundStatus === 'NONE');
}
