import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable } from '@nestjs/common';
import { claimDue } from '../database/claim';
import { jsonColumn, nullableBigintColumn, run, sql, table } from '../database/sql';
import type { TossPayment } from '../toss/toss.types';
import { ORDER_PAYMENT_COLUMNS, OrderPayment, orderPaymentsTable } from './order-payment';
import type { OrderStatus } from './order-status';

/**
 * The ledger's statements on the orders table (see OrderPayment). The hot paths (start, lock,
 * update) are hand-written SQL: each statement is one round trip, and TypeORM's save() would add a
 * SELECT before every write and rebuild the query each time.
 */
const O = orderPaymentsTable;

/** An order with what the books compare of its payment (null when we stored none). */
export type OrderWithPayment = OrderPayment & {
  payment: { balanceAmount: number; taxFreeAmount: number; raw: TossPayment } | null;
};
const joinedPayment = table<{
  balanceAmount: number | null;
  taxFreeAmount: number | null;
  raw: TossPayment | null;
}>('payments', {
  balanceAmount: nullableBigintColumn('payment_balance_amount'),
  taxFreeAmount: nullableBigintColumn('payment_tax_free_amount'),
  raw: jsonColumn('payment_raw'),
});
function withPayment(row: Record<string, unknown>): OrderWithPayment {
  const payment = joinedPayment.fromRow(row);
  return {
    ...O.fromRow(row),
    payment:
      payment.raw === null
        ? null
        : {
            balanceAmount: payment.balanceAmount ?? 0,
            taxFreeAmount: payment.taxFreeAmount ?? 0,
            raw: payment.raw,
          },
  };
}
const ORDER_WITH_PAYMENT = sql`${O.allOf('orders')}, p.balance_amount AS payment_balance_amount,
  p.tax_free_amount AS payment_tax_free_amount, p.raw AS payment_raw
  FROM orders LEFT JOIN payments p ON p.payment_key = orders.payment_key`;

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

@Injectable()
export class OrderPaymentsRepository {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  private get db() {
    return this.txHost.tx;
  }

  /**
   * Transaction A of a confirm, as one statement: the order moves PENDING → IN_PROGRESS only if it
   * is the owner's, unexpired and of exactly this amount (the UPDATE takes the row lock and
   * re-checks its WHERE on the latest row version, so of two confirms at once only one starts), and
   * the attempt is recorded with it. Returns the order as it now is, or null when nothing started.
   */
  async startPayment(start: PaymentStart): Promise<OrderPayment | null> {
    const rows: Record<string, unknown>[] = await run(
      this.db,
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
    return rows[0] ? O.fromRow(rows[0]) : null;
  }

  /**
   * A subscription charge Toss approved becomes an order of the books (docs/subscriptions.md,
   * "Charges in the ledger"): its orderId is the charge's, priced by the server (the plan's amount
   * as subscribed), IN_PROGRESS until PaymentLedger records Toss's payment, or CANCELED when the
   * subscription cannot take the money (the ledger then voids it at Toss). Written with the
   * charge's outcome, under the subscription's lock; a second write of the same charge is a no-op.
   */
  async openChargeOrder(charge: {
    orderId: string;
    customerId: string;
    orderName: string;
    amount: number;
    taxFreeAmount: number;
    status: 'IN_PROGRESS' | 'CANCELED';
  }): Promise<void> {
    await run(
      this.db,
      sql`INSERT INTO orders (order_id, customer_id, order_name, amount, tax_free_amount, currency, status, expires_at, canceled_at)
          VALUES (${charge.orderId}, ${charge.customerId}::uuid, ${charge.orderName}, ${charge.amount}, ${charge.taxFreeAmount}, 'KRW',
                  ${charge.status}, now(), ${charge.status === 'CANCELED' ? new Date() : null}::timestamptz)
          ON CONFLICT (order_id) DO NOTHING`,
    );
  }

  /** Locks the order row until the surrounding transaction ends; callers must be @Transactional. */
  async findByIdForUpdate(orderId: string): Promise<OrderPayment | null> {
    const rows: Record<string, unknown>[] = await run(
      this.db,
      sql`SELECT ${O.all} FROM orders WHERE order_id = ${orderId} FOR UPDATE`,
    );
    return rows[0] ? O.fromRow(rows[0]) : null;
  }

  /** Locks the order a payment belongs to, found by its paymentKey; callers must be @Transactional. */
  async findByPaymentKeyForUpdate(paymentKey: string): Promise<OrderPayment | null> {
    const rows: Record<string, unknown>[] = await run(
      this.db,
      sql`SELECT ${O.all} FROM orders
           WHERE order_id = (SELECT order_id FROM payments WHERE payment_key = ${paymentKey}) FOR UPDATE`,
    );
    return rows[0] ? O.fromRow(rows[0]) : null;
  }

  /** The order as it is now, unlocked (to explain why a conditional write did not happen). */
  async findById(orderId: string): Promise<OrderPayment | null> {
    const rows: Record<string, unknown>[] = await run(
      this.db,
      sql`SELECT ${O.all} FROM orders WHERE order_id = ${orderId}`,
    );
    return rows[0] ? O.fromRow(rows[0]) : null;
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
      this.db,
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
      this.db,
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
    statuses: readonly OrderStatus[] | undefined,
    pageSize: number,
  ): AsyncGenerator<OrderWithPayment[]> {
    let after = '';
    for (;;) {
      const rows: Record<string, unknown>[] = await run(
        this.db,
        sql`SELECT ${ORDER_WITH_PAYMENT}
             WHERE orders.updated_at >= ${since} AND orders.order_id > ${after}
               AND (${statuses === undefined} OR orders.status = ANY(${statuses ?? []}::varchar[]))
             ORDER BY orders.order_id LIMIT ${pageSize}`,
      );
      if (rows.length === 0) return;
      const page = rows.map(withPayment);
      yield page;
      after = page[page.length - 1].orderId;
    }
  }

  /** Orders waiting for a deposit, with their payment: the reconciler checks their due dates. */
  async findWaitingForDeposit(limit: number): Promise<OrderWithPayment[]> {
    const rows: Record<string, unknown>[] = await run(
      this.db,
      sql`SELECT ${ORDER_WITH_PAYMENT} WHERE orders.status = 'WAITING_FOR_DEPOSIT'
           ORDER BY orders.updated_at LIMIT ${limit}`,
    );
    return rows.map(withPayment);
  }

  /** Writes an order's changeable columns back (the row was read, and usually locked, before). */
  async update(order: OrderPayment): Promise<OrderPayment> {
    const [rows]: [{ updated_at: Date }[], number] = await run(
      this.db,
      sql`UPDATE orders SET ${O.set(order, ORDER_PAYMENT_COLUMNS)}, updated_at = now()
           WHERE order_id = ${order.orderId} RETURNING updated_at`,
    );
    if (rows[0]) order.updatedAt = rows[0].updated_at;
    return order;
  }
}
