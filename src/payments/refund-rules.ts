import { DomainError } from '../common/errors';
import type { OrderPayment } from './order-payment';
import type { TossCancel } from '../toss/toss.types';
import { VIRTUAL_ACCOUNT_METHOD } from './ledger-rules';
import { cancelKey, cancelTaxFree } from './payment-snapshot';
import type { Payment } from './payment.entity';
import { TaxClass, taxFreePartOf } from '../products/tax-class';

const REFUNDABLE_ORDER = new Set(['PAID', 'PARTIALLY_REFUNDED', 'WAITING_FOR_DEPOSIT']);
const REFUNDABLE_PAYMENT = new Set(['DONE', 'PARTIAL_CANCELED', 'WAITING_FOR_DEPOSIT']);

type RefundOrder = Pick<OrderPayment, 'status' | 'paymentKey'>;
type RefundPayment = Pick<Payment, 'status' | 'method' | 'balanceAmount' | 'taxFreeAmount'> & {
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

/** Money promised to refunds Toss has not confirmed yet (REQUESTED): not refundable again meanwhile. */
export interface InFlight {
  amount: number;
  /** Their tax-free parts. */
  taxFreeAmount: number;
}

/** What a refund asks for by amount; a refund by lines asks for what priceRefundLines made of them. */
export interface RefundAsk {
  cancelAmount?: number | null;
  /** Only with cancelAmount; left out, the refund is all taxable (Toss's default). */
  taxFreeAmount?: number | null;
  refundReceiveAccount?: unknown;
}

export interface SizedRefund {
  amount: number;
  /** The tax-free part sent to Toss (docs/toss.md, "Tax-free amounts"). */
  taxFreeAmount: number;
  /** Toss is sent the amount (see sizeRefund). */
  partial: boolean;
}

/**
 * The refund's amount and tax-free part, bounded by what is left (Toss's balance and tax-free
 * balance, minus the refunds in flight), or why it cannot be made. The three bounds: the amount,
 * its tax-free part, and its taxable part (amount − tax-free) against the taxable balance. Neither
 * amount given: the whole of what is left, tax-free part included. `partial`: Toss is sent the
 * amount. Toss is sent no cancelAmount only when this refund takes the whole balance with nothing
 * else in flight; otherwise the amount we reserved, so a full refund racing a partial one cancels
 * what was left, not the partial's money too.
 */
export function sizeRefund(
  payment: RefundPayment,
  pending: InFlight,
  request: RefundAsk,
): SizedRefund | DomainError {
  const unpaidAccount = payment.status === 'WAITING_FOR_DEPOSIT';
  const paidAccount = payment.method === VIRTUAL_ACCOUNT_METHOD && !unpaidAccount;
  const available = payment.balanceAmount - pending.amount;
  const availableTaxFree = Math.max(
    0,
    Math.min(payment.taxFreeAmount - pending.taxFreeAmount, available),
  );
  const availableTaxable = available - availableTaxFree;
  const byAmount = request.cancelAmount !== undefined && request.cancelAmount !== null;
  const amount = request.cancelAmount ?? available;
  const taxFreeAmount = byAmount ? (request.taxFreeAmount ?? 0) : availableTaxFree;
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
  if (taxFreeAmount > availableTaxFree) {
    return new DomainError(
      'TAX_FREE_AMOUNT_EXCEEDED',
      `At most ${availableTaxFree} KRW of tax-free amount can be refunded.`,
      { taxFreeAmount, refundableTaxFreeAmount: availableTaxFree },
    );
  }
  if (amount - taxFreeAmount > availableTaxable) {
    return new DomainError(
      'TAXABLE_AMOUNT_EXCEEDED',
      `At most ${availableTaxable} KRW of taxable amount can be refunded.`,
      { taxableAmount: amount - taxFreeAmount, refundableTaxableAmount: availableTaxable },
    );
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
  return { amount, taxFreeAmount, partial };
}

/** A line of the order as sold (order_items): refunds by lines are priced from it. */
export interface OrderLine {
  position: number;
  unitPrice: number;
  quantity: number;
  taxClass: TaxClass;
}

/** A refund line: this many of the order's line at this position. */
export interface RefundLine {
  position: number;
  quantity: number;
}

/**
 * A refund by lines as the amount and tax-free part it asks for (Σ unitPrice × quantity, of which
 * the TAX_FREE lines are tax-free), or why not: a position not on the order, or more of a line than
 * is left of it (its quantity minus `refunded`, the quantities of the refunds by lines done or in
 * flight, by position). The money bounds are sizeRefund's.
 */
export function priceRefundLines(
  orderLines: readonly OrderLine[],
  refunded: ReadonlyMap<number, number>,
  lines: readonly RefundLine[],
): { cancelAmount: number; taxFreeAmount: number } | DomainError {
  const byPosition = new Map(orderLines.map((line) => [line.position, line]));
  let cancelAmount = 0;
  let taxFreeAmount = 0;
  for (const [i, line] of lines.entries()) {
    const sold = byPosition.get(line.position);
    if (!sold) {
      const field = `lines.${i}.position`;
      return new DomainError(
        'VALIDATION_ERROR',
        `${field}: the order has no line ${line.position}.`,
        [{ field, problems: [`the order has no line at position ${line.position}`] }],
      );
    }
    const refundable = Math.max(0, sold.quantity - (refunded.get(line.position) ?? 0));
    if (line.quantity > refundable) {
      return new DomainError(
        'REFUND_QUANTITY_EXCEEDED',
        `At most ${refundable} of order line ${line.position} can be refunded.`,
        { position: line.position, quantity: line.quantity, refundableQuantity: refundable },
      );
    }
    const amount = sold.unitPrice * line.quantity;
    cancelAmount += amount;
    taxFreeAmount += taxFreePartOf(amount, sold.taxClass);
  }
  return { cancelAmount, taxFreeAmount };
}

/** Where a payment came from: Toss's answer to our own cancel call, or a lookup. */
export type CancelSource = 'answer' | 'lookup';

/**
 * Which of Toss's cancels is this refund's, given those other refunds already claimed. Toss's
 * answer to our cancel (or its replay for our Idempotency-Key) ends with our cancel, whatever its
 * amount. A lookup cannot say whose a cancel is: the first unclaimed one of our amount, preferring
 * one of our tax-free part when several have our amount (when none has it, Toss's tax-free part
 * differs from ours: the cancel is still ours, and the books report the difference).
 */
export function ourCancel(
  cancels: readonly TossCancel[],
  claimed: ReadonlySet<string>,
  ask: { amount: number; taxFreeAmount: number },
  source: CancelSource,
): TossCancel | undefined {
  const unclaimed = cancels.filter((cancel) => !claimed.has(cancelKey(cancel)));
  if (source === 'answer') {
    const last = cancels.at(-1);
    if (last && !claimed.has(cancelKey(last))) return last;
  }
  const ofOurAmount = unclaimed.filter((cancel) => cancel.cancelAmount === ask.amount);
  return (
    ofOurAmount.find((cancel) => cancelTaxFree(cancel) === ask.taxFreeAmount) ?? ofOurAmount[0]
  );
}
