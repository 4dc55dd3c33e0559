import type { OrderStatus } from './order-status';

/**
 * The one state machine every path goes through (confirm, reconciler, webhooks, refunds): a move
 * not listed here is refused, so a stale or out-of-order event can never move an order backwards.
 */
const NEXT: Record<OrderStatus, readonly OrderStatus[]> = {
  // PENDING → PAID / WAITING_FOR_DEPOSIT: Toss's approval, found by a lookup or a webhook, is the truth.
  PENDING: ['IN_PROGRESS', 'PAID', 'WAITING_FOR_DEPOSIT', 'CANCELED', 'EXPIRED'],
  // Back to PENDING only when Toss refused the confirm: the customer may try again.
  IN_PROGRESS: ['PENDING', 'PAID', 'WAITING_FOR_DEPOSIT', 'PARTIALLY_REFUNDED', 'REFUNDED', 'EXPIRED'],
  WAITING_FOR_DEPOSIT: ['PAID', 'PARTIALLY_REFUNDED', 'REFUNDED', 'CANCELED', 'EXPIRED'],
  // PAID → WAITING_FOR_DEPOSIT: a virtual-account deposit error reverses the deposit (TOSS.md §3).
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
  const refunded = (): OrderStatus => (payment.balanceAmount <= 0 ? 'REFUNDED' : 'PARTIALLY_REFUNDED');
  switch (payment.status) {
    case 'DONE':
      return { kind: 'settled', status: payment.balanceAmount < payment.totalAmount ? refunded() : 'PAID' };
    case 'WAITING_FOR_DEPOSIT':
      return { kind: 'settled', status: 'WAITING_FOR_DEPOSIT' };
    case 'CANCELED':
    case 'PARTIAL_CANCELED':
      return { kind: 'settled', status: refunded() };
    case 'ABORTED':
    case 'EXPIRED':
      return {
        kind: 'failed',
        code: payment.failure?.code ?? (payment.status === 'EXPIRED' ? 'EXPIRED_PAYMENT' : 'ABORTED_PAYMENT'),
        message: payment.failure?.message ?? `Toss reports the payment as ${payment.status}.`,
      };
    default:
      return { kind: 'unsettled' };
  }
}
