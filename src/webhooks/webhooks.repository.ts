import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable } from '@nestjs/common';
import { claimDue } from '../database/claim';
import { sql } from '../database/sql';
import { DeliveryStatus, WebhookDelivery } from './webhook-delivery.entity';

export const MAX_WEBHOOK_ATTEMPTS = 10;

@Injectable()
export class WebhooksRepository {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  private get repo() {
    return this.txHost.tx.getRepository(WebhookDelivery);
  }

  insert(delivery: Partial<WebhookDelivery>): Promise<WebhookDelivery> {
    return this.repo.save(this.repo.create(delivery));
  }

  findById(id: string): Promise<WebhookDelivery | null> {
    return this.repo.findOneBy({ id });
  }

  async finish(id: string, status: DeliveryStatus, verdict: string): Promise<void> {
    await this.repo.update(
      { id },
      { status, verdict: verdict.slice(0, 200), processedAt: new Date() },
    );
  }

  /** Deliveries due for processing, claimed so that several instances never work on one (see claimDue). */
  async claimDue(limit: number): Promise<string[]> {
    const rows = await claimDue<{ id: string }>(
      this.repo,
      {
        table: 'webhook_deliveries',
        key: 'id',
        where: sql`status IN ('RECEIVED', 'FAILED') AND attempts < ${MAX_WEBHOOK_ATTEMPTS}`,
        orderBy: 'id',
        countColumn: 'attempts',
        nextColumn: 'next_attempt_at',
        backoff: { baseSeconds: 2, maxSeconds: 600 },
        returning: 't.id',
      },
      limit,
    );
    return rows.map((row) => String(row.id));
  }

  listForOrder(orderId: string): Promise<WebhookDelivery[]> {
    return this.repo.find({ where: { orderId }, order: { id: 'ASC' } });
  }
}
