import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable } from '@nestjs/common';
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
      relations: { items: true, customer: true },
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
      relations: { items: true, customer: true },
      order: { createdAt: 'DESC', orderId: 'DESC', items: { position: 'ASC' } },
    });
    return [full, total];
  }

  save(order: Order): Promise<Order> {
    return this.repo.save(order);
  }
}
