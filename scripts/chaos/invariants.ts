/**
 * The invariant the chaos soak checks once everything is quiet, order by order: our books against
 * what Toss (the sandbox) holds. Pure functions over plain rows, so each rule has a table-driven spec.
 */
import type { ReadBack } from 'toss-sandbox';

/** Our side of one order, as the app's database holds it. */
export interface OurOrder {
  orderId: string;
  status: string;
  amount: number;
  paymentKey: string | null;
  /** Our payment row for the order's paymentKey, when there is one. */
  payment: {
    status: string;
    totalAmount: number;
    balanceAmount: number;
    /** The tax-free part of the balance (payments.tax_free_amount). */
    taxFreeAmount: number;
    /** The receiptKey of the cash receipt Toss issued in the payment window (payments.cash_receipt). */
    windowReceiptKey: string | null;
  } | null;
  /** Every refund row of the order, with its tax-free part. */
  refunds: { paymentKey: string; amount: number; taxFreeAmount: number; status: string }[];
  /** The cash receipts asked for after paying (cash_receipts), each with its cancels. */
  receipts: OurReceipt[];
}

/** One row of cash_receipts and the rows of cash_receipt_cancels that follow its refunds. */
export interface OurReceipt {
  id: string;
  paymentKey: string;
  /** The orderId Toss was given for it (`<orderId>-r<n>`), by which the sandbox reads it back. */
  tossOrderId: string;
  status: string;
  amount: number;
  taxFreeAmount: number;
  canceledAmount: number;
  receiptKey: string | null;
  cancels: { amount: number; status: string }[];
}

/** A cash receipt transaction at Toss (an issue, CONFIRM, or a cancel of part of it, CANCEL). */
export interface TossReceipt {
  receiptKey: string;
  orderId: string;
  transactionType: string;
  amount: number;
  taxFreeAmount: number;
}

/** Toss's side: the sandbox's read-back of the order, or null when Toss has nothing for it. */
export type TossOrder = Pick<ReadBack, 'approvals' | 'deposits'> & {
  payments: {
    paymentKey: string;
    status: string;
    method: string | null;
    totalAmount: number;
    balanceAmount: number;
    /** The tax-free part of the balance. */
    taxFreeAmount: number;
    cancels: { cancelAmount: number; taxFreeAmount: number }[] | null;
    /** The receipt issued in the payment window, if any. */
    cashReceipt: { receiptKey: string; amount: number } | null;
  }[];
  /**
   * The sandbox's cash receipt read-back for the orderIds of our requested receipts (issues and
   * cancels; each names its orderId).
   */
  receipts: TossReceipt[];
};

export const VIOLATION_KINDS = [
  'STUCK_IN_PROGRESS',
  'STUCK_REFUND',
  'MULTIPLE_APPROVALS',
  'MULTIPLE_DEPOSITS',
  'APPROVED_AT_TOSS_NOT_PAID',
  'PAID_BUT_NOT_APPROVED_AT_TOSS',
  'PAYMENT_KEY_DIFFERS',
  'AMOUNT_DIFFERS',
  'STATUS_DIFFERS',
  'PAYMENT_STATUS_DIFFERS',
  'BALANCE_DIFFERS',
  'REFUND_TOTAL_DIFFERS',
  'REFUNDED_MORE_THAN_PAID',
  'STATUS_INCONSISTENT_WITH_BALANCE',
  'MISSING_PAYMENT_ROW',
  'TAX_FREE_BALANCE_DIFFERS',
  'REFUND_TAX_FREE_DIFFERS',
  'STUCK_RECEIPT',
  'MULTIPLE_ACTIVE_RECEIPTS',
  'MULTIPLE_RECEIPTS_AT_TOSS',
  'RECEIPT_DIFFERS_AT_TOSS',
  'RECEIPT_BALANCE_DIFFERS',
  'WINDOW_RECEIPT_DIFFERS',
  /** Found by the tool itself, not by checkOrder: */
  'STUCK_WEBHOOK',
  'BOOKS_REPORT',
] as const;
export type ViolationKind = (typeof VIOLATION_KINDS)[number];

export interface Violation {
  orderId: string;
  kind: ViolationKind;
  detail: string;
}

/** Our order statuses that say the customer paid (or was issued an account to pay into). */
const PAID_AT_US = new Set(['PAID', 'WAITING_FOR_DEPOSIT', 'PARTIALLY_REFUNDED', 'REFUNDED']);
/** Toss statuses of a payment that was approved (an account issued counts): Toss took or holds the money. */
const APPROVED_AT_TOSS = new Set(['DONE', 'WAITING_FOR_DEPOSIT', 'PARTIAL_CANCELED', 'CANCELED']);
const VIRTUAL_ACCOUNT = '가상계좌';

/** Our order status(es) that agree with an approved Toss payment. */
function expectedStatuses(toss: TossOrder['payments'][number], deposits: number): string[] {
  switch (toss.status) {
    case 'DONE':
      return ['PAID'];
    case 'PARTIAL_CANCELED':
      return ['PARTIALLY_REFUNDED'];
    case 'WAITING_FOR_DEPOSIT':
      return ['WAITING_FOR_DEPOSIT'];
    case 'CANCELED':
      // An account canceled before any deposit held no money: the order is given up (or refunded).
      return toss.method === VIRTUAL_ACCOUNT && deposits === 0
        ? ['CANCELED', 'REFUNDED']
        : ['REFUNDED'];
    default:
      return [];
  }
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

/** Everything wrong with one order, by the rules in the README's "Chaos soak" section. */
export function checkOrder(ours: OurOrder, toss: TossOrder | null): Violation[] {
  const found: Violation[] = [];
  const add = (kind: ViolationKind, detail: string) =>
    found.push({ orderId: ours.orderId, kind, detail });

  if (ours.status === 'IN_PROGRESS')
    add('STUCK_IN_PROGRESS', 'the order is still IN_PROGRESS after quiescence');
  const requested = ours.refunds.filter((r) => r.status === 'REQUESTED');
  if (requested.length > 0)
    add(
      'STUCK_REFUND',
      `${requested.length} refund(s) still REQUESTED: ${requested.map((r) => r.amount).join(', ')} KRW`,
    );

  const approved = (toss?.payments ?? []).filter((p) => APPROVED_AT_TOSS.has(p.status));
  if ((toss?.approvals ?? 0) > 1 || approved.length > 1)
    add(
      'MULTIPLE_APPROVALS',
      `Toss approved ${Math.max(toss?.approvals ?? 0, approved.length)} times`,
    );
  if ((toss?.deposits ?? 0) > 1) add('MULTIPLE_DEPOSITS', `Toss took ${toss?.deposits} deposits`);

  const ourRefunded = sum(ours.refunds.filter((r) => r.status === 'DONE').map((r) => r.amount));
  const paidAtUs = PAID_AT_US.has(ours.status);
  const tossPayment = approved.at(-1);

  if (!tossPayment) {
    if (paidAtUs)
      add('PAID_BUT_NOT_APPROVED_AT_TOSS', `ours ${ours.status}, Toss: ${describeToss(toss)}`);
    if (ourRefunded > 0)
      add(
        'REFUND_TOTAL_DIFFERS',
        `we refunded ${ourRefunded} KRW of a payment Toss never approved`,
      );
  } else {
    const tossRefunded = sum((tossPayment.cancels ?? []).map((c) => c.cancelAmount));
    const expected = expectedStatuses(tossPayment, toss?.deposits ?? 0);
    // An approval we voided (Toss canceled it in full) leaves an unpaid order: agreed, as the books report says.
    const voided =
      !paidAtUs && tossPayment.status === 'CANCELED' && tossPayment.balanceAmount === 0;
    if (!paidAtUs && !voided) {
      add(
        'APPROVED_AT_TOSS_NOT_PAID',
        `ours ${ours.status}, Toss ${tossPayment.status} ${tossPayment.totalAmount} KRW (${tossPayment.paymentKey})`,
      );
    } else if (!expected.includes(ours.status) && !voided) {
      add(
        'STATUS_DIFFERS',
        `ours ${ours.status}, Toss ${tossPayment.status} (balance ${tossPayment.balanceAmount} of ${tossPayment.totalAmount})`,
      );
    }
    if (paidAtUs && ours.paymentKey !== tossPayment.paymentKey)
      add('PAYMENT_KEY_DIFFERS', `ours ${ours.paymentKey ?? '-'}, Toss ${tossPayment.paymentKey}`);
    if (tossPayment.totalAmount !== ours.amount)
      add(
        'AMOUNT_DIFFERS',
        `order ${ours.amount} KRW, Toss approved ${tossPayment.totalAmount} KRW`,
      );
    if (tossRefunded > tossPayment.totalAmount)
      add(
        'REFUNDED_MORE_THAN_PAID',
        `Toss refunded ${tossRefunded} of ${tossPayment.totalAmount} KRW`,
      );
    if (tossRefunded !== ourRefunded && !voided)
      add(
        'REFUND_TOTAL_DIFFERS',
        `Toss's cancels total ${tossRefunded} KRW, our DONE refunds ${ourRefunded} KRW`,
      );
    const tossRefundedTaxFree = sum((tossPayment.cancels ?? []).map((c) => c.taxFreeAmount));
    const ourRefundedTaxFree = sum(
      ours.refunds.filter((r) => r.status === 'DONE').map((r) => r.taxFreeAmount),
    );
    if (tossRefundedTaxFree !== ourRefundedTaxFree && !voided)
      add(
        'REFUND_TAX_FREE_DIFFERS',
        `the tax-free parts of Toss's cancels total ${tossRefundedTaxFree} KRW, of our DONE refunds ${ourRefundedTaxFree} KRW`,
      );
    if (paidAtUs && ours.paymentKey === tossPayment.paymentKey) {
      if (!ours.payment) {
        add(
          'MISSING_PAYMENT_ROW',
          `ours ${ours.status} with no payment row for ${ours.paymentKey}`,
        );
      } else {
        if (ours.payment.status !== tossPayment.status)
          add(
            'PAYMENT_STATUS_DIFFERS',
            `our payment ${ours.payment.status}, Toss ${tossPayment.status}`,
          );
        if (ours.payment.balanceAmount !== tossPayment.balanceAmount)
          add(
            'BALANCE_DIFFERS',
            `our balance ${ours.payment.balanceAmount} KRW, Toss ${tossPayment.balanceAmount} KRW`,
          );
        if (ours.payment.totalAmount !== tossPayment.totalAmount)
          add(
            'AMOUNT_DIFFERS',
            `our payment ${ours.payment.totalAmount} KRW, Toss ${tossPayment.totalAmount} KRW`,
          );
        if (ours.payment.taxFreeAmount !== tossPayment.taxFreeAmount)
          add(
            'TAX_FREE_BALANCE_DIFFERS',
            `our tax-free balance ${ours.payment.taxFreeAmount} KRW, Toss ${tossPayment.taxFreeAmount} KRW`,
          );
        const tossWindowReceipt = tossPayment.cashReceipt?.receiptKey ?? null;
        if (ours.payment.windowReceiptKey !== tossWindowReceipt)
          add(
            'WINDOW_RECEIPT_DIFFERS',
            `our payment's window receipt ${ours.payment.windowReceiptKey ?? '-'}, Toss's ${tossWindowReceipt ?? '-'}`,
          );
        const beside = ours.receipts.filter((r) => r.status !== 'FAILED');
        if (tossWindowReceipt !== null && beside.length > 0)
          add(
            'WINDOW_RECEIPT_DIFFERS',
            `a receipt was asked for beside the window's ${tossWindowReceipt}: ${beside.map((r) => `${r.id} ${r.status}`).join(', ')}`,
          );
      }
    }
  }

  // Our own books: the order's status follows its payment's balance.
  if (paidAtUs && ours.payment) {
    const { balanceAmount: balance, totalAmount: total } = ours.payment;
    const consistent =
      ours.status === 'REFUNDED'
        ? balance === 0
        : ours.status === 'PARTIALLY_REFUNDED'
          ? balance > 0 && balance < total
          : balance === total;
    if (!consistent)
      add(
        'STATUS_INCONSISTENT_WITH_BALANCE',
        `ours ${ours.status} with balance ${balance} of ${total} KRW`,
      );
  }
  const balance = ours.payment?.balanceAmount ?? tossPayment?.balanceAmount ?? null;
  for (const [kind, detail] of receiptProblems(ours.receipts, toss?.receipts ?? [], balance))
    add(kind, detail);
  return found;
}

/** Receipt statuses that still stand: at most one per payment (UQ_cash_receipts_active). */
const ACTIVE_RECEIPT = new Set(['REQUESTED', 'ISSUED']);
/** Receipt statuses of a receipt Toss issued and the National Tax Service did not refuse. */
const ISSUED_RECEIPT = new Set(['ISSUED', 'CANCELED']);

/**
 * Our requested cash receipts against Toss's: none left REQUESTED (issue or cancel), at most one
 * active per payment, one issue at Toss per receipt (its own orderId), our receipt's rest (amount −
 * canceled) and tax-free part as Toss's (its issue less its CANCEL receipts), and that rest the
 * payment's balance.
 */
function receiptProblems(
  receipts: readonly OurReceipt[],
  atToss: readonly TossReceipt[],
  balance: number | null,
): [ViolationKind, string][] {
  const found: [ViolationKind, string][] = [];
  const activeByPayment = new Map<string, OurReceipt[]>();
  for (const r of receipts.filter((r) => ACTIVE_RECEIPT.has(r.status)))
    activeByPayment.set(r.paymentKey, [...(activeByPayment.get(r.paymentKey) ?? []), r]);
  for (const [paymentKey, active] of activeByPayment)
    if (active.length > 1)
      found.push([
        'MULTIPLE_ACTIVE_RECEIPTS',
        `${active.length} active receipts for ${paymentKey}: ${active.map((r) => `${r.id} ${r.status}`).join(', ')}`,
      ]);

  for (const r of receipts) {
    if (r.status === 'REQUESTED')
      found.push(['STUCK_RECEIPT', `receipt ${r.id} of ${r.amount} KRW still REQUESTED`]);
    const stuck = r.cancels.filter((c) => c.status === 'REQUESTED');
    if (stuck.length > 0)
      found.push([
        'STUCK_RECEIPT',
        `receipt ${r.id}: ${stuck.length} cancel(s) still REQUESTED: ${stuck.map((c) => c.amount).join(', ')} KRW`,
      ]);

    const mine = atToss.filter((t) => t.orderId === r.tossOrderId);
    const issues = mine.filter((t) => t.transactionType === 'CONFIRM');
    if (issues.length > 1)
      found.push([
        'MULTIPLE_RECEIPTS_AT_TOSS',
        `Toss issued ${issues.length} receipts for ${r.tossOrderId} (receipt ${r.id})`,
      ]);
    if (r.receiptKey === null) {
      if (r.status !== 'REQUESTED' && issues.length > 0)
        found.push([
          'RECEIPT_DIFFERS_AT_TOSS',
          `receipt ${r.id} ${r.status} without a receipt, Toss issued ${issues.map((t) => t.receiptKey).join(', ')} for ${r.tossOrderId}`,
        ]);
      continue;
    }
    const ourRest = r.amount - r.canceledAmount;
    const issue = issues.find((t) => t.receiptKey === r.receiptKey);
    if (!issue) {
      found.push([
        'RECEIPT_DIFFERS_AT_TOSS',
        `receipt ${r.id} ${r.status} as ${r.receiptKey}, which Toss did not issue for ${r.tossOrderId}`,
      ]);
    } else {
      const canceledAtToss = sum(
        mine.filter((t) => t.transactionType === 'CANCEL').map((t) => t.amount),
      );
      const tossRest = issue.amount - canceledAtToss;
      if (ourRest !== tossRest || r.taxFreeAmount !== issue.taxFreeAmount)
        found.push([
          'RECEIPT_DIFFERS_AT_TOSS',
          `receipt ${r.id}: ours ${r.amount} − ${r.canceledAmount} canceled (tax-free ${r.taxFreeAmount}), Toss ${issue.amount} − ${canceledAtToss} canceled (tax-free ${issue.taxFreeAmount}) KRW`,
        ]);
    }
    if (ISSUED_RECEIPT.has(r.status) && balance !== null && ourRest !== balance)
      found.push([
        'RECEIPT_BALANCE_DIFFERS',
        `receipt ${r.id} ${r.status}: ${r.amount} − ${r.canceledAmount} canceled = ${ourRest} KRW, the payment's balance ${balance} KRW`,
      ]);
  }
  return found;
}

function describeToss(toss: TossOrder | null): string {
  if (!toss || toss.payments.length === 0) return 'no payment';
  return toss.payments.map((p) => `${p.paymentKey} ${p.status}`).join(', ');
}

/** Every order checked; `toss` answers null when Toss has nothing for the order. */
export function checkBooks(
  orders: OurOrder[],
  toss: (orderId: string) => TossOrder | null,
): Violation[] {
  return orders.flatMap((order) => checkOrder(order, toss(order.orderId)));
}
