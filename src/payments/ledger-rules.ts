import { DomainError } from '../common/errors';
import type { OrderPayment } from './order-payment';
import { isPaidLike, OrderStatus } from './order-status';
import type { TossPayment } from '../toss/toss.types';
import type { AttemptStatus } from './payment-attempt.entity';
import { failureText, FailureText } from './failure-text';
import { cancelTaxFree } from './payment-snapshot';

/**
 * The one state machine every path goes through (confirm, reconciler, webhooks, refunds): a move
 * not listed here is refused, so a stale or out-of-order event can never move an order backwards.
 */
const NEXT: Record<OrderStatus, readonly OrderStatus[]> = {
  // PENDING → PAID / WAITING_FOR_DEPOSIT: Toss's approval, found by a lookup or a webhook, is the truth.
  PENDING: ['IN_PROGRESS', 'PAID', 'WAITING_FOR_DEPOSIT', 'CANCELED', 'EXPIRED'],
  // Back to PENDING only when Toss refused the confirm: the customer may try again. CANCELED when
  // Toss approved what the order cannot take: that approval is voided and the orderId is spent.
  IN_PROGRESS: [
    'PENDING',
    'CANCELED',
    'PAID',
    'WAITING_FOR_DEPOSIT',
    'PARTIALLY_REFUNDED',
    'REFUNDED',
    'EXPIRED',
  ],
  WAITING_FOR_DEPOSIT: ['PAID', 'PARTIALLY_REFUNDED', 'REFUNDED', 'CANCELED', 'EXPIRED'],
  // PAID → WAITING_FOR_DEPOSIT: a virtual-account deposit error reverses the deposit (docs/toss.md §3).
  PAID: ['PARTIALLY_REFUNDED', 'REFUNDED', 'WAITING_FOR_DEPOSIT'],
  PARTIALLY_REFUNDED: ['PARTIALLY_REFUNDED', 'REFUNDED'],
  REFUNDED: [],
  CANCELED: [],
  EXPIRED: [],
};

export function canMove(from: OrderStatus, to: OrderStatus): boolean {
  return from === to || NEXT[from].includes(to);
}

/** What Toss's view of a payment means for our order. */
export type TossVerdict =
  | { kind: 'settled'; status: OrderStatus }
  | { kind: 'failed'; code: string; message: string }
  | { kind: 'unsettled' };

export interface TossPaymentView {
  status: string;
  totalAmount: number;
  balanceAmount: number;
  failure?: { code?: string; message?: string } | null;
}

export function verdictOf(payment: TossPaymentView): TossVerdict {
  // Fully refunded is judged by the balance: after partial cancels Toss may keep PARTIAL_CANCELED.
  const refunded = (): OrderStatus =>
    payment.balanceAmount <= 0 ? 'REFUNDED' : 'PARTIALLY_REFUNDED';
  switch (payment.status) {
    case 'DONE':
      return {
        kind: 'settled',
        status: payment.balanceAmount < payment.totalAmount ? refunded() : 'PAID',
      };
    case 'WAITING_FOR_DEPOSIT':
      return { kind: 'settled', status: 'WAITING_FOR_DEPOSIT' };
    case 'CANCELED':
    case 'PARTIAL_CANCELED':
      return { kind: 'settled', status: refunded() };
    case 'ABORTED':
    case 'EXPIRED':
      return {
        kind: 'failed',
        code:
          payment.failure?.code ??
          (payment.status === 'EXPIRED' ? 'EXPIRED_PAYMENT' : 'ABORTED_PAYMENT'),
        message: payment.failure?.message ?? `Toss reports the payment as ${payment.status}.`,
      };
    default:
      return { kind: 'unsettled' };
  }
}

/** The order columns a ledger decision reads and moves. */
export type LedgerOrder = Pick<
  OrderPayment,
  | 'orderId'
  | 'amount'
  | 'taxFreeAmount'
  | 'status'
  | 'expiresAt'
  | 'paymentKey'
  | 'paidAt'
  | 'canceledAt'
  | 'nextCheckAt'
  | 'checkCount'
  | 'lastFailureCode'
  | 'lastFailureMessage'
>;

/** How an attempt ended, written with the settlement that decided it. */
export interface AttemptVerdict {
  idempotencyKey: string;
  status: AttemptStatus;
  failure?: FailureText;
}

/**
 * Why Toss's approval cannot stand: the code the order keeps (and the confirm answers), and the
 * two figures that differ when it is an amount.
 */
export type VoidReason =
  | { code: 'PAYMENT_MISMATCH'; reason: string }
  | {
      code: 'TAX_FREE_AMOUNT_MISMATCH';
      reason: string;
      expected: number;
      got: number;
    };

/** Only 'applied' moves the order: `order` is its new state, written with the attempt's verdict. */
export type Decision<O extends LedgerOrder = LedgerOrder> =
  | { kind: 'applied'; order: O; attempt: AttemptVerdict }
  | { kind: 'stale' }
  | ({ kind: 'void' } & VoidReason);

/**
 * The tax-free part Toss approved: what is still charged tax-free plus what cancels took back, so
 * it reads the same on every later snapshot. Toss omits it (or answers 0) on a contract without
 * tax-free sales (docs/toss.md, "Tax-free amounts").
 */
export function approvedTaxFreeAmount(
  toss: Pick<TossPayment, 'taxFreeAmount' | 'cancels'>,
): number {
  const canceled = (toss.cancels ?? []).reduce((sum, cancel) => sum + cancelTaxFree(cancel), 0);
  return (typeof toss.taxFreeAmount === 'number' ? toss.taxFreeAmount : 0) + canceled;
}

const APPROVED_AT_TOSS = new Set(['DONE', 'WAITING_FOR_DEPOSIT']);

/** What Toss's settled or failed payment does to the order (read under its row lock, or as last written). */
export function decide<O extends LedgerOrder>(
  order: O,
  toss: TossPayment,
  verdict: Exclude<TossVerdict, { kind: 'unsettled' }>,
  now: Date,
): Decision<O> {
  const ours = order.paymentKey === null || order.paymentKey === toss.paymentKey;
  const stale = { kind: 'stale' } as const;
  const voided = (reason: string) => ({ kind: 'void', code: 'PAYMENT_MISMATCH', reason }) as const;

  if (verdict.kind === 'failed') {
    if (order.status === 'IN_PROGRESS' && order.paymentKey === toss.paymentKey) {
      return { kind: 'applied', ...failed(order, toss.paymentKey, verdict, now) };
    }
    return stale;
  }

  const approval = APPROVED_AT_TOSS.has(toss.status);
  if (approval && toss.totalAmount !== order.amount) {
    return voided(`approved amount ${toss.totalAmount} differs from the order's ${order.amount}`);
  }
  // Checked when the approval is first recorded: the window was not given the order's tax-free
  // part (Toss ignores it on confirm). Later snapshots of a paid order are the books report's.
  const taxFree = approvedTaxFreeAmount(toss);
  if (approval && !isPaidLike(order.status) && taxFree !== order.taxFreeAmount) {
    return {
      kind: 'void',
      code: 'TAX_FREE_AMOUNT_MISMATCH',
      reason: `approved tax-free amount ${taxFree} differs from the order's ${order.taxFreeAmount}`,
      expected: order.taxFreeAmount,
      got: taxFree,
    };
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
  const paid = target !== 'WAITING_FOR_DEPOSIT' && target !== 'CANCELED';
  return {
    kind: 'applied',
    order: {
      ...order,
      status: target,
      paymentKey: toss.paymentKey,
      nextCheckAt: null,
      paidAt: paid
        ? (order.paidAt ?? (toss.approvedAt ? new Date(toss.approvedAt) : now))
        : order.paidAt,
      canceledAt: target === 'CANCELED' ? (order.canceledAt ?? now) : order.canceledAt,
      lastFailureCode: null,
      lastFailureMessage: null,
    },
    attempt: { idempotencyKey: confirmKey(order.orderId, toss.paymentKey), status: 'APPROVED' },
  };
}

/**
 * The confirm of `paymentKey` failed at Toss: past its expiry the order cannot be tried again and
 * ends EXPIRED, otherwise it is payable again, with the reason kept for the customer.
 */
export function failed<O extends LedgerOrder>(
  order: O,
  paymentKey: string,
  why: { code: string; message: string },
  now: Date,
): { order: O; attempt: AttemptVerdict } {
  const failure = failureText(why.code, why.message);
  return {
    order: {
      ...order,
      status: order.expiresAt.getTime() < now.getTime() ? 'EXPIRED' : 'PENDING',
      paymentKey: null,
      nextCheckAt: null,
      checkCount: 0,
      lastFailureCode: failure.code,
      lastFailureMessage: failure.message,
    },
    attempt: { idempotencyKey: confirmKey(order.orderId, paymentKey), status: 'FAILED', failure },
  };
}

/**
 * Toss approved `paymentKey` for an order that cannot take it (VoidReason) and the approval is
 * voided at Toss. Toss never takes an orderId again once a payment of it was approved and canceled
 * (DUPLICATED_ORDER_ID), so an order still unpaid ends CANCELED with the reason kept: the customer
 * orders again. A paid order, or one another confirm is working on, is left as it is.
 */
export function closedByVoid<O extends LedgerOrder>(
  order: O,
  paymentKey: string,
  why: { code: string; message: string },
  now: Date,
): { order: O; attempt: AttemptVerdict } | undefined {
  const unpaid =
    order.status === 'PENDING' ||
    (order.status === 'IN_PROGRESS' && order.paymentKey === paymentKey);
  if (!unpaid) return undefined;
  const failure = failureText(why.code, why.message);
  return {
    order: {
      ...order,
      status: 'CANCELED',
      paymentKey,
      canceledAt: order.canceledAt ?? now,
      nextCheckAt: null,
      lastFailureCode: failure.code,
      lastFailureMessage: failure.message,
    },
    attempt: { idempotencyKey: confirmKey(order.orderId, paymentKey), status: 'FAILED', failure },
  };
}

/** Toss's `method` of a virtual-account payment. */
export const VIRTUAL_ACCOUNT_METHOD = '가상계좌';

/**
 * Toss canceled a virtual account that never took a deposit: no money moved, so its order ends
 * CANCELED, not REFUNDED, and Toss holds nothing for it. A paid account's refund carries a refund
 * status other than NONE (docs/toss.md §3). The ledger and the books both judge by this.
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

/**
 * The customer gives up an order: only a PENDING one. A confirm under way, or money Toss holds,
 * is not undone here (an unpaid virtual account is canceled at Toss first, as a refund).
 */
export function canceled<O extends LedgerOrder>(order: O, now: Date): O | DomainError {
  if (order.status !== 'PENDING') {
    return new DomainError(
      'ORDER_NOT_CANCELABLE',
      `An order in status ${order.status} cannot be canceled.`,
      { status: order.status },
    );
  }
  return { ...order, status: 'CANCELED', canceledAt: now };
}
