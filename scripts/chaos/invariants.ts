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
  payment: { status: string; totalAmount: number; balanceAmount: number } | null;
  /** Every refund row of the order. */
  refunds: { paymentKey: string; amount: number; status: string }[];
}

/** Toss's side: the sandbox's read-back of the order, or null when Toss has nothing for it. */
export type TossOrder = Pick<ReadBack, 'approvals' | 'deposits'> & {
  payments: {
    paymentKey: string;
    status: string;
    method: string | null;
    totalAmount: number;
    balanceAmount: number;
    cancels: { cancelAmount: number }[] | null;
  }[];
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
