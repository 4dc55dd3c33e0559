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
