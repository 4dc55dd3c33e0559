import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable } from '@nestjs/common';
import { In, MoreThan, MoreThanOrEqual } from 'typeorm';
import { claimDue } from '../database/claim';
import { run, sql } from '../database/sql';
import type { User } from '../users/user.entity';
import type { OrderItem } from './order-item.entity';
import { Order } from './order.entity';
import { orderItemsTable, OrderRow, ordersTable } from './order.table';
import type { OrderStatus } from './order-status';

/**
 * The hot paths (place, lock, update) are hand-written SQL: each statement is one round trip, and
 * TypeORM's save() would add a SELECT before every write and rebuild the query each time.
 */
const O = ordersTable;

/** The columns a payment moves, written back by update() and by the ledger's one-statement record. */
export const ORDER_PAYMENT_COLUMNS = [
  'status',
  'paymentKey',
  'paidAt',
  'canceledAt',
  'nextCheckAt',
  'checkCount',
  'lastFailureCode',
  'lastFailureMessage',
] as const satisfies readonly (keyof OrderRow)[];

function orderFromRow(row: Record<string, unknown>): Order {
  return Object.assign(new Order(), O.fromRow(row));
}

/** What a confirm needs to start: the order to mark IN_PROGRESS and the checks it must pass. */
export interface PaymentStart {
  orderId: string;
  paymentKey: string;
  /** The client's amount: the order must have exactly this amount. */
  amount: number;
  /** The signed-in customer who must own the order; null in redirect mode (the triple is the credential). */
  customerId: string | null;
  /** The confirm attempt's Idempotency-Key, recorded before Toss is called. */
  idempotencyKey: string;
  now: Date;
}

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
      'currency',
      'status',
      'expiresAt',
    ] as const;
    const lines = ['position', 'productId', 'name', 'unitPrice', 'quantity', 'lineAmount'] as const;
    const rows: { id: string; email: string; name: string; created_at: Date; updated_at: Date }[] =
      await run(
        this.repo,
        sql`WITH customer AS (SELECT id, email, name FROM users WHERE id = ${order.customerId}),
       placed AS (
         INSERT INTO orders (${O.list(placed)})
         SELECT ${order.orderId}, id, ${order.orderName}, ${order.amount}, ${order.currency}, ${order.status}, ${order.expiresAt} FROM customer
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

  /**
   * Transaction A of a confirm, as one statement: the order moves PENDING → IN_PROGRESS only if it
   * is the owner's, unexpired and of exactly this amount (the UPDATE takes the row lock and
   * re-checks its WHERE on the latest row version, so of two confirms at once only one starts), and
   * the attempt is recorded with it. Returns the order as it now is, or null when nothing started.
   */
  async startPayment(start: PaymentStart): Promise<Order | null> {
    const rows: Record<string, unknown>[] = await run(
      this.repo,
      sql`WITH started AS (
         UPDATE orders SET status = 'IN_PROGRESS', payment_key = ${start.paymentKey}, next_check_at = NULL, check_count = 0, updated_at = now()
          WHERE order_id = ${start.orderId} AND status = 'PENDING' AND expires_at > ${start.now} AND amount = ${start.amount}
            AND (${start.customerId}::uuid IS NULL OR customer_id = ${start.customerId}::uuid)
          RETURNING ${O.all}),
       attempt AS (
         INSERT INTO payment_attempts (idempotency_key, order_id, payment_key, amount, status)
         SELECT ${start.idempotencyKey}, order_id, payment_key, amount, 'IN_PROGRESS' FROM started
         ON CONFLICT (idempotency_key) DO UPDATE SET status = 'IN_PROGRESS', updated_at = now())
       SELECT * FROM started`,
    );
    return rows[0] ? orderFromRow(rows[0]) : null;
  }

  /** The order with everything its response shows. */
  findForView(orderId: string): Promise<Order | null> {
    return this.repo.findOne({
      where: { orderId },
      relations: { items: true, customer: true, payment: true },
      order: { items: { position: 'ASC' } },
    });
  }

  /** Locks the order row until the surrounding transaction ends; callers must be @Transactional. */
  async findByIdForUpdate(orderId: string): Promise<Order | null> {
    const rows: Record<string, unknown>[] = await run(
      this.repo,
      sql`SELECT ${O.all} FROM orders WHERE order_id = ${orderId} FOR UPDATE`,
    );
    return rows[0] ? orderFromRow(rows[0]) : null;
  }

  /** The order as it is now, unlocked (to explain why a conditional write did not happen). */
  async findById(orderId: string): Promise<Order | null> {
    const rows: Record<string, unknown>[] = await run(
      this.repo,
      sql`SELECT ${O.all} FROM orders WHERE order_id = ${orderId}`,
    );
    return rows[0] ? orderFromRow(rows[0]) : null;
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

  /** Claims IN_PROGRESS orders untouched since `before` and due for a check (see claimDue). */
  async claimStuckOrders(
    before: Date,
    limit: number,
  ): Promise<{ orderId: string; paymentKey: string | null; checkCount: number }[]> {
    const rows = await claimDue<{
      order_id: string;
      payment_key: string | null;
      check_count: number;
    }>(
      this.repo,
      {
        table: 'orders',
        key: 'order_id',
        where: sql`status = 'IN_PROGRESS' AND updated_at < ${before}`,
        orderBy: 'updated_at',
        countColumn: 'check_count',
        nextColumn: 'next_check_at',
        backoff: { baseSeconds: 5, maxSeconds: 300 },
        returning: 't.order_id, t.payment_key, t.check_count',
      },
      limit,
    );
    return rows.map((row) => ({
      orderId: row.order_id,
      paymentKey: row.payment_key,
      checkCount: row.check_count,
    }));
  }

  /** PENDING orders past their expiry become EXPIRED, in one statement. */
  async expirePending(now: Date): Promise<number> {
    const result: [unknown[], number] = await run(
      this.repo,
      sql`UPDATE orders SET status = 'EXPIRED', updated_at = now() WHERE status = 'PENDING' AND expires_at < ${now}`,
    );
    return result[1];
  }

  /**
   * Every order touched since `since`, with its payment, page by page (for audits and the report).
   * Paged by orderId, not by updatedAt: an order that changes during the pass keeps its place, so
   * a pass sees each order of its window once, however many there are.
   */
  async *eachChangedSince(
    since: Date,
    statuses: OrderStatus[] | undefined,
    pageSize: number,
  ): AsyncGenerator<Order[]> {
    let after: string | undefined;
    for (;;) {
      const page = await this.repo.find({
        where: {
          updatedAt: MoreThanOrEqual(since),
          ...(statuses && { status: In(statuses) }),
          ...(after !== undefined && { orderId: MoreThan(after) }),
        },
        relations: { payment: true },
        order: { orderId: 'ASC' },
        take: pageSize,
      });
      if (page.length === 0) return;
      yield page;
      after = page[page.length - 1].orderId;
    }
  }

  /** Orders waiting for a deposit, with their payment: the reconciler checks their due dates. */
  findWaitingForDeposit(limit: number): Promise<Order[]> {
    return this.repo.find({
      where: { status: 'WAITING_FOR_DEPOSIT' },
      relations: { payment: true },
      order: { updatedAt: 'ASC' },
      take: limit,
    });
  }

  /** Writes an order's changeable columns back (the row was read, and usually locked, before). */
  async update(order: Order): Promise<Order> {
    const [rows]: [{ updated_at: Date }[], number] = await run(
      this.repo,
      sql`UPDATE orders SET ${O.set(order, ORDER_PAYMENT_COLUMNS)}, updated_at = now()
           WHERE order_id = ${order.orderId} RETURNING updated_at`,
    );
    if (rows[0]) order.updatedAt = rows[0].updated_at;
    return order;
  }
}
