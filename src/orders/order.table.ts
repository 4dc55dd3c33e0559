import { bigintColumn, column, table } from '../database/sql';
import type { OrderItem } from './order-item.entity';
import type { Order } from './order.entity';

/** The orders table's columns, as the hand-written statements read and write them. */
export type OrderRow = Omit<Order, 'items' | 'customer' | 'payment'>;

export const ordersTable = table<OrderRow>('orders', {
  orderId: column('order_id', 'varchar'),
  customerId: column('customer_id', 'uuid'),
  orderName: column('order_name', 'varchar'),
  amount: bigintColumn('amount'),
  currency: column('currency', 'varchar'),
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

export const orderItemsTable = table<Omit<OrderItem, 'id' | 'order'>>('order_items', {
  orderId: column('order_id', 'varchar'),
  position: column('position', 'smallint'),
  productId: column('product_id', 'uuid'),
  name: column('name', 'varchar'),
  unitPrice: column('unit_price', 'integer'),
  quantity: column('quantity', 'smallint'),
  lineAmount: bigintColumn('line_amount'),
});
