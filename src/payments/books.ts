import { isPaidLike, OrderStatus } from './order-status';
import type { TossPayment } from '../toss/toss.types';
import { approvedTaxFreeAmount, unpaidAccountCanceled, verdictOf } from './ledger-rules';
import { cancelKey, cancelTaxFree } from './payment-snapshot';

export interface OrderBooks {
  orderId: string;
  status: OrderStatus;
  amount: number;
  /** The order's tax-free part, computed from its lines. */
  taxFreeAmount: number;
  paymentKey: string | null;
  /** Our payment row's balance, when we have one for the order's paymentKey. */
  balanceAmount: number | null;
  /** Our payment row's tax-free balance (Toss's, as last recorded), when we have the row. */
  taxFreeBalance: number | null;
}

/** One of our refunds of the order's payment, as the books compare it with Toss's cancels. */
export interface RefundBooks {
  status: 'REQUESTED' | 'DONE' | 'FAILED';
  amount: number;
  /** The tax-free part we asked Toss to cancel. */
  taxFreeAmount: number;
  transactionKey: string | null;
}

export type Problem =
  | 'UNSETTLED'
  | 'REFUND_UNSETTLED'
  | 'REFUND_NOT_AT_TOSS'
  | 'STATUS_DIFFERS'
  | 'AMOUNT_DIFFERS'
  | 'BALANCE_DIFFERS'
  | 'TAX_FREE_DIFFERS'
  | 'TAX_FREE_BALANCE_DIFFERS'
  | 'REFUND_TAX_FREE_DIFFERS'
  | 'PAID_BUT_NOT_AT_TOSS'
  | 'APPROVED_AT_TOSS_NOT_PAID';

/** A virtual account whose due date has passed with no deposit: Toss sends no webhook and keeps it waiting. */
export function accountOverdue(
  toss: Pick<TossPayment, 'status' | 'virtualAccount'>,
  now: Date,
): boolean {
  const due = toss.virtualAccount?.dueDate;
  return (
    toss.status === 'WAITING_FOR_DEPOSIT' &&
    typeof due === 'string' &&
    Date.parse(due) < now.getTime()
  );
}

/**
 * Where our order and Toss disagree, by the invariant "Toss approved ⇔ our order paid, same
 * amount, same balance". `toss` is Toss's payment for the order, or null when Toss has none.
 */
export function booksProblems(
  order: OrderBooks,
  toss: TossPayment | null,
  now = new Date(),
  refunds: readonly RefundBooks[] = [],
): Problem[] {
  if (order.status === 'IN_PROGRESS') return ['UNSETTLED'];
  const refundProblems = refundsProblems(refunds, toss);
  return refundProblems.length > 0
    ? [...orderProblems(order, toss, now), ...refundProblems]
    : orderProblems(order, toss, now);
}

/**
 * Our refunds against Toss's cancels: each DONE refund is a cancel Toss has, of the same amount
 * and the same tax-free part; a REQUESTED one is money whose outcome we have not settled yet.
 */
function refundsProblems(refunds: readonly RefundBooks[], toss: TossPayment | null): Problem[] {
  const problems: Problem[] = [];
  if (refunds.some((refund) => refund.status === 'REQUESTED')) problems.push('REFUND_UNSETTLED');
  const cancels = new Map((toss?.cancels ?? []).map((cancel) => [cancelKey(cancel), cancel]));
  const done = refunds.filter((refund) => refund.status === 'DONE');
  const theirs = (refund: RefundBooks) =>
    refund.transactionKey === null ? undefined : cancels.get(refund.transactionKey);
  if (done.some((refund) => theirs(refund)?.cancelAmount !== refund.amount))
    problems.push('REFUND_NOT_AT_TOSS');
  const taxFreeDiffers = done.some((refund) => {
    const cancel = theirs(refund);
    return cancel !== undefined && cancelTaxFree(cancel) !== refund.taxFreeAmount;
  });
  if (taxFreeDiffers) problems.push('REFUND_TAX_FREE_DIFFERS');
  return problems;
}

function orderProblems(order: OrderBooks, toss: TossPayment | null, now: Date): Problem[] {
  if (!toss) return isPaidLike(order.status) ? ['PAID_BUT_NOT_AT_TOSS'] : [];
  const verdict = verdictOf(toss);
  if (verdict.kind !== 'settled') {
    return isPaidLike(order.status) ? ['PAID_BUT_NOT_AT_TOSS'] : [];
  }
  if (!isPaidLike(order.status)) {
    // Agreed when Toss holds no money for the order: an unpaid account canceled or past its due
    // date, or an approval we voided (fully canceled at Toss).
    const holdsNothing =
      verdict.status === 'REFUNDED' ||
      (order.status === 'EXPIRED' && accountOverdue(toss, now)) ||
      (order.status === 'CANCELED' && unpaidAccountCanceled(toss));
    return holdsNothing ? [] : ['APPROVED_AT_TOSS_NOT_PAID'];
  }
  const problems: Problem[] = [];
  if (verdict.status !== order.status) problems.push('STATUS_DIFFERS');
  if (toss.totalAmount !== order.amount) problems.push('AMOUNT_DIFFERS');
  if (order.balanceAmount !== null && order.balanceAmount !== toss.balanceAmount)
    problems.push('BALANCE_DIFFERS');
  if (approvedTaxFreeAmount(toss) !== order.taxFreeAmount) problems.push('TAX_FREE_DIFFERS');
  if (order.taxFreeBalance !== null && order.taxFreeBalance !== (toss.taxFreeAmount ?? 0))
    problems.push('TAX_FREE_BALANCE_DIFFERS');
  return problems;
}
