import { bigintColumn, column, table } from '../database/sql';
import type { OrderItem } from './order-item.entity';
import type { Order } from './order.entity';

/**
 * The orders table as orders/ places it: the row and its status at birth (PENDING). The payment
 * columns and every later status are the ledger's (payments/order-payment.ts).
 */
export const ordersTable = table<
  Pick<
    Order,
    | 'orderId'
    | 'customerId'
    | 'orderName'
    | 'amount'
    | 'taxFreeAmount'
    | 'currency'
    | 'status'
    | 'expiresAt'
  >
>('orders', {
  orderId: column('order_id', 'varchar'),
  customerId: column('customer_id', 'uuid'),
  orderName: column('order_name', 'varchar'),
  amount: bigintColumn('amount'),
  taxFreeAmount: bigintColumn('tax_free_amount'),
  currency: column('currency', 'varchar'),
  status: column('status', 'varchar'),
  expiresAt: column('expires_at', 'timestamptz'),
});

export const orderItemsTable = table<Omit<OrderItem, 'id' | 'order'>>('order_items', {
  orderId: column('order_id', 'varchar'),
  position: column('position', 'smallint'),
  productId: column('product_id', 'uuid'),
  name: column('name', 'varchar'),
  unitPrice: column('unit_price', 'integer'),
  quantity: column('quantity', 'smallint'),
  lineAmount: bigintColumn('line_amount'),
  taxClass: column('tax_class', 'varchar'),
});
