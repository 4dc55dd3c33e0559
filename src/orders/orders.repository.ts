import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable } from '@nestjs/common';
import { In, MoreThanOrEqual } from 'typeorm';
import { claimDue } from '../database/claim';
import { Order } from './order.entity';
import type { OrderStatus } from './order-status';

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

  /** Inserts the order and its item snapshots together (cascade). */
  insert(order: Order): Promise<Order> {
    return this.repo.save(order);
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
  findByIdForUpdate(orderId: string): Promise<Order | null> {
    return this.repo.findOne({ where: { orderId }, lock: { mode: 'pessimistic_write' } });
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
  async claimStuckOrders(before: Date, limit: number): Promise<{ orderId: string; paymentKey: string | null; checkCount: number }[]> {
    const rows = await claimDue<{ order_id: string; payment_key: string | null; check_count: number }>(
      this.repo,
      {
        table: 'orders',
        key: 'order_id',
        where: "status = 'IN_PROGRESS' AND updated_at < $1",
        orderBy: 'updated_at',
        countColumn: 'check_count',
        nextColumn: 'next_check_at',
        backoff: { baseSeconds: 5, maxSeconds: 300 },
        returning: 't.order_id, t.payment_key, t.check_count',
      },
      [before],
      limit,
    );
    return rows.map((row) => ({ orderId: row.order_id, paymentKey: row.payment_key, checkCount: row.check_count }));
  }

  /** PENDING orders past their expiry become EXPIRED, in one statement. */
  async expirePending(now: Date): Promise<number> {
    const result: [unknown[], number] = await this.repo.query(
      `UPDATE orders SET status = 'EXPIRED', updated_at = now() WHERE status = 'PENDING' AND expires_at < $1`,
      [now],
    );
    return result[1];
  }

  /** Orders touched since `since`, newest first, with their payment (for audits and the report). */
  findChangedSince(since: Date, statuses: OrderStatus[] | undefined, limit: number): Promise<Order[]> {
    return this.repo.find({
      where: { updatedAt: MoreThanOrEqual(since), ...(statuses && { status: In(statuses) }) },
      relations: { payment: true },
      order: { updatedAt: 'DESC' },
      take: limit,
    });
  }

  /** Orders waiting for a deposit, with their payment: the reconciler checks their due dates. */
  findWaitingForDeposit(limit: number): Promise<Order[]> {
    return this.repo.find({ where: { status: 'WAITING_FOR_DEPOSIT' }, relations: { payment: true }, order: { updatedAt: 'ASC' }, take: limit });
  }

  save(order: Order): Promise<Order> {
    return this.repo.save(order);
  }
}
