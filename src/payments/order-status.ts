export const ORDER_STATUSES = [
  'PENDING',
  'IN_PROGRESS',
  'WAITING_FOR_DEPOSIT',
  'PAID',
  'PARTIALLY_REFUNDED',
  'REFUNDED',
  'CANCELED',
  'EXPIRED',
] as const;

export type OrderStatus = (typeof ORDER_STATUSES)[number];

/** The order took the customer's money at Toss (or an account for it), refunded or not. */
export const PAID_LIKE_STATUSES = [
  'PAID',
  'WAITING_FOR_DEPOSIT',
  'PARTIALLY_REFUNDED',
  'REFUNDED',
] as const satisfies readonly OrderStatus[];

export function isPaidLike(status: OrderStatus): boolean {
  return (PAID_LIKE_STATUSES as readonly OrderStatus[]).includes(status);
}
