import { bigintColumn, column, table } from '../database/sql';
import type { OrderStatus } from './order-status';

/**
 * The ledger's view of an order: the orders table's payment columns, which only the ledger writes
 * (orders/ inserts the row when it places the order, and reads it), and what the ledger checks
 * against (owner, amount, expiry). Its own type, not orders' entity, so payments imports nothing
 * from orders.
 */
export interface OrderPayment {
  orderId: string;
  customerId: string;
  amount: number;
  /** The tax-free part of the amount (orders' TAX_FREE lines): Toss must approve exactly this. */
  taxFreeAmount: number;
  status: OrderStatus;
  createdAt: Date;
  updatedAt: Date;
  expiresAt: Date;
  paidAt: Date | null;
  canceledAt: Date | null;
  /** The paymentKey of the payment under way or made for this order. */
  paymentKey: string | null;
  /** Reconciler bookkeeping: when to look at this order again, and how often it has tried. */
  nextCheckAt: Date | null;
  checkCount: number;
  /** The last failed attempt's code and message, kept so the customer can be told why. */
  lastFailureCode: string | null;
  lastFailureMessage: string | null;
}

export const orderPaymentsTable = table<OrderPayment>('orders', {
  orderId: column('order_id', 'varchar'),
  customerId: column('customer_id', 'uuid'),
  amount: bigintColumn('amount'),
  taxFreeAmount: bigintColumn('tax_free_amount'),
  status: column('status', 'varchar'),
  createdAt: column('created_at', 'timestamptz'),
  updatedAt: column('updated_at', 'timestamptz'),
  expiresAt: column('expires_at', 'timestamptz'),
  paidAt: column('paid_at', 'timestamptz'),
  canceledAt: column('canceled_at', 'timestamptz'),
  paymentKey: column('payment_key', 'varchar'),
  nextCheckAt: column('next_check_at', 'timestamptz'),
  checkCount: column('check_count', 'integer'),
  lastFailureCode: column('last_failure_code', 'varchar'),
  lastFailureMessage: column('last_failure_message', 'varchar'),
});

/** The columns a payment moves: the ledger writes them back after every decision. */
export const ORDER_PAYMENT_COLUMNS = [
  'status',
  'paymentKey',
  'paidAt',
  'canceledAt',
  'nextCheckAt',
  'checkCount',
  'lastFailureCode',
  'lastFailureMessage',
] as const satisfies readonly (keyof OrderPayment)[];
