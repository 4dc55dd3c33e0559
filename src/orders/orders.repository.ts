import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable } from '@nestjs/common';
import { run, sql } from '../database/sql';
import type { User } from '../users/user.entity';
import type { OrderItem } from './order-item.entity';
import { Order } from './order.entity';
import { orderItemsTable, ordersTable } from './order.table';
import type { OrderStatus } from '../payments/order-status';

/**
 * Orders as this module places and reads them; every later write to an order (its status and
 * payment columns) is the ledger's (payments/order-payments.repository.ts). Placing is one
 * hand-written statement: TypeORM's save() would add a SELECT before it and rebuild it each time.
 */
const O = ordersTable;

export interface OrderPageFilter {
  customerId?: string;
  status?: OrderStatus;
  skip: number;
  take: number;
}

@Injectable()
export class OrdersRepository {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  private get repo() {
    return this.txHost.tx.getRepository(Order);
  }

  /**
   * Inserts the order and its item snapshots in one statement, for a customer that still exists.
   * Returns the customer (for the response), or null when the account is gone (nothing inserted).
   */
  async place(
    order: Order,
    items: OrderItem[],
  ): Promise<Pick<User, 'id' | 'email' | 'name'> | null> {
    const placed = [
      'orderId',
      'customerId',
      'orderName',
      'amount',
      'taxFreeAmount',
      'currency',
      'status',
      'expiresAt',
    ] as const;
    const lines = [
      'position',
      'productId',
      'name',
      'unitPrice',
      'quantity',
      'lineAmount',
      'taxClass',
    ] as const;
    const rows: { id: string; email: string; name: string; created_at: Date; updated_at: Date }[] =
      await run(
        this.repo,
        sql`WITH customer AS (SELECT id, email, name FROM users WHERE id = ${order.customerId}),
       placed AS (
         INSERT INTO orders (${O.list(placed)})
         SELECT ${order.orderId}, id, ${order.orderName}, ${order.amount}, ${order.taxFreeAmount}, ${order.currency}, ${order.status}, ${order.expiresAt} FROM customer
         RETURNING created_at, updated_at),
       lines AS (
         INSERT INTO order_items (${orderItemsTable.list(['orderId', ...lines])})
         SELECT ${order.orderId}, l.* FROM placed, ${orderItemsTable.rows(items, lines)} AS l)
       SELECT customer.id, customer.email, customer.name, placed.created_at, placed.updated_at FROM customer, placed`,
      );
    const row = rows[0];
    if (!row) return null;
    order.createdAt = row.created_at;
    order.updatedAt = row.updated_at;
    return { id: row.id, email: row.email, name: row.name };
  }

  /** The order with everything its response shows. */
  findForView(orderId: string): Promise<Order | null> {
    return this.repo.findOne({
      where: { orderId },
      relations: { items: true, customer: true, payment: true },
      order: { items: { position: 'ASC' } },
    });
  }

  async findPage(filter: OrderPageFilter): Promise<[Order[], number]> {
    const where = {
      ...(filter.customerId && { customerId: filter.customerId }),
      ...(filter.status && { status: filter.status }),
    };
    // Page over ids first, then load relations for just that page (a join would multiply rows).
    const [heads, total] = await this.repo.findAndCount({
      select: { orderId: true },
      where,
      order: { createdAt: 'DESC', orderId: 'DESC' },
      skip: filter.skip,
      take: filter.take,
    });
    if (heads.length === 0) return [[], total];
    const full = await this.repo.find({
      where: heads.map((h) => ({ orderId: h.orderId })),
      relations: { items: true, customer: true, payment: true },
      order: { createdAt: 'DESC', orderId: 'DESC', items: { position: 'ASC' } },
    });
    return [full, total];
  }
}
