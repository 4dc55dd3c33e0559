import { createHash } from 'node:crypto';
import { DomainError } from '../common/errors';
import { seoulDate } from '../common/seoul-time';
import { CASH_RECEIPT_TYPES, CashReceiptType, TossCashReceipt } from '../toss/cash-receipt.types';
import type { TossPaymentCashReceipt } from '../toss/toss.types';
import type { CashReceiptCancelStatus } from './cash-receipt-cancel.entity';
import type { CashReceiptStatus } from './cash-receipt.entity';

/**
 * The rules of cash receipts requested after a payment, as pure functions: who may have one, the
 * orderId and Idempotency-Keys Toss gets, how Toss's list answers a lookup, what a cancel leaves,
 * and what the books flag.
 */

/** Toss issues cash receipts for these methods only (virtual account, transfer). */
const RECEIPT_METHODS = ['가상계좌', '계좌이체'] as const;
/** Paid at Toss, with money still on it. */
const RECEIPT_PAYMENT_STATUSES = ['DONE', 'PARTIAL_CANCELED'] as const;

/** What the rules read of our payment row. */
export interface ReceiptPayment {
  method: string | null;
  status: string;
  balanceAmount: number;
  cashReceipt: TossPaymentCashReceipt | null;
}

/**
 * The receipt Toss issued in the payment window, if any: the window's cash receipt option left a
 * receipt of a type on the payment (미발행 means the buyer chose none).
 */
export function windowReceipt(
  payment: Pick<ReceiptPayment, 'cashReceipt'>,
): (TossPaymentCashReceipt & { type: CashReceiptType }) | null {
  const receipt = payment.cashReceipt;
  return receipt && isReceiptType(receipt.type)
    ? (receipt as TossPaymentCashReceipt & { type: CashReceiptType })
    : null;
}

/**
 * Why this payment cannot get a requested receipt now, or null: a paid virtual-account or transfer
 * payment with a balance, and no receipt issued in the window. (An active requested receipt is the
 * caller's check: it needs the table.)
 */
export function whyNoReceipt(payment: ReceiptPayment): DomainError | null {
  if (
    !(RECEIPT_METHODS as readonly (string | null)[]).includes(payment.method) ||
    !(RECEIPT_PAYMENT_STATUSES as readonly string[]).includes(payment.status) ||
    payment.balanceAmount <= 0
  ) {
    return new DomainError(
      'CASH_RECEIPT_NOT_AVAILABLE',
      'A cash receipt can only be issued for a paid virtual-account or transfer payment.',
      { method: payment.method, status: payment.status },
    );
  }
  if (windowReceipt(payment)) return receiptExists(null);
  return null;
}

export function receiptExists(receiptId: string | null): DomainError {
  return new DomainError('CASH_RECEIPT_EXISTS', 'This payment already has a cash receipt.', {
    receiptId,
  });
}

/** Toss's limit on orderId (docs/toss.md §4). */
const TOSS_ORDER_ID_MAX = 64;

/**
 * The orderId Toss gets for the payment's n-th receipt request (n from 1): `<orderId>-r<n>`, unique
 * per request so a lookup in Toss's list finds exactly this receipt. An orderId too long for the
 * suffix is replaced by a digest of it (same characters, same uniqueness in practice).
 */
export function receiptOrderId(orderId: string, n: number): string {
  const suffix = `-r${n}`;
  if (orderId.length + suffix.length <= TOSS_ORDER_ID_MAX) return `${orderId}${suffix}`;
  const digest = createHash('sha256').update(orderId).digest('hex');
  return `${digest.slice(0, TOSS_ORDER_ID_MAX - suffix.length)}${suffix}`;
}

/** The Idempotency-Key of a receipt's issue, derived from its row (docs/architecture.md, "Stored before the call"). */
export const issueKey = (receiptId: string) => `cash-receipt:${receiptId}`;

/** The Idempotency-Key of the receipt cancel that follows one refund. */
export const cancelKey = (refundId: string) => `receipt-cancel:${refundId}`;

const DAY_MS = 24 * 3600_000;
/**
 * The days of Toss's list to search for something requested at `at`: that day in Korea, and the
 * next (a request just before midnight may be dated after it at Toss).
 */
export function lookupDates(at: Date): string[] {
  return [seoulDate(at), seoulDate(new Date(at.getTime() + DAY_MS))];
}

/** Our issue among Toss's receipts: its CONFIRM for our orderId (unique per request). */
export function findIssue(
  receipts: readonly TossCashReceipt[],
  tossOrderId: string,
): TossCashReceipt | undefined {
  return receipts.find(
    (receipt) => receipt.orderId === tossOrderId && receipt.transactionType === 'CONFIRM',
  );
}

/**
 * Our cancel among Toss's receipts: a CANCEL of our receipt's orderId for this amount that no
 * other cancel of ours has claimed (two refunds of one amount are told apart by their keys).
 */
export function findCancel(
  receipts: readonly TossCashReceipt[],
  tossOrderId: string,
  amount: number,
  claimed: ReadonlySet<string>,
): TossCashReceipt | undefined {
  return receipts.find(
    (receipt) =>
      receipt.orderId === tossOrderId &&
      receipt.transactionType === 'CANCEL' &&
      receipt.amount === amount &&
      !claimed.has(receipt.receiptKey),
  );
}

/** What a receipt is after Toss canceled `amount` of it: CANCELED once nothing is left. */
export function afterCancel(
  receipt: { amount: number; canceledAmount: number },
  amount: number,
): { canceledAmount: number; status: CashReceiptStatus } {
  const canceledAmount = receipt.canceledAmount + amount;
  return { canceledAmount, status: canceledAmount >= receipt.amount ? 'CANCELED' : 'ISSUED' };
}

/**
 * How much of a refund the receipt can still give back: Toss refuses a cancel above what is left
 * on the receipt ([TSG] at the National Tax Service), and a receipt for less than the payment (a
 * refund before it was requested is already out of its amount) cancels at most its rest.
 */
export function cancelableAmount(
  receipt: { amount: number; canceledAmount: number },
  pendingCancels: number,
): number {
  return Math.max(0, receipt.amount - receipt.canceledAmount - pendingCancels);
}

export type ReceiptProblem = 'RECEIPT_UNSETTLED' | 'RECEIPT_DIFFERS';

/** What the books compare of one payment's requested receipts. */
export interface ReceiptBooks {
  status: CashReceiptStatus;
  amount: number;
  canceledAmount: number;
  /** Statuses of the cancels that follow its refunds. */
  cancels: readonly { status: CashReceiptCancelStatus }[];
}

/**
 * One payment's receipt problems: RECEIPT_UNSETTLED while an issue or a cancel is REQUESTED (its
 * outcome at Toss not known yet); RECEIPT_DIFFERS when an issued receipt's rest (amount − canceled)
 * is not the payment's balance (a refund made at Toss's dashboard, which we did not cancel the
 * receipt for). `balanceAmount`: the payment's, ours or Toss's.
 */
export function receiptProblems(
  receipts: readonly ReceiptBooks[],
  balanceAmount: number,
): ReceiptProblem[] {
  const problems: ReceiptProblem[] = [];
  const unsettled = receipts.some(
    (receipt) =>
      receipt.status === 'REQUESTED' ||
      receipt.cancels.some((cancel) => cancel.status === 'REQUESTED'),
  );
  if (unsettled) problems.push('RECEIPT_UNSETTLED');
  const issued = receipts.find((receipt) => receipt.status === 'ISSUED');
  if (!unsettled && issued && issued.amount - issued.canceledAmount !== balanceAmount)
    problems.push('RECEIPT_DIFFERS');
  return problems;
}

function isReceiptType(value: unknown): value is CashReceiptType {
  return (CASH_RECEIPT_TYPES as readonly unknown[]).includes(value);
}
