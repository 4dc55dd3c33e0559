import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable } from '@nestjs/common';
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
    await this.repo.update({ id }, { status, verdict: verdict.slice(0, 200), processedAt: new Date() });
  }

  /** Deliveries due for processing, claimed with backoff so several instances never double-work one. */
  async claimDue(limit: number): Promise<string[]> {
    const [rows]: [{ id: string }[], number] = await this.repo.query(
      `UPDATE webhook_deliveries d
          SET attempts = d.attempts + 1,
              next_attempt_at = now() + make_interval(secs => least(600, 2 * power(2, d.attempts)))
        WHERE d.id IN (
          SELECT id FROM webhook_deliveries
           WHERE status IN ('RECEIVED', 'FAILED') AND attempts < $2
             AND (next_attempt_at IS NULL OR next_attempt_at <= now())
           ORDER BY id
           LIMIT $1
           FOR UPDATE SKIP LOCKED)
      RETURNING d.id`,
      [limit, MAX_WEBHOOK_ATTEMPTS],
    );
    return rows.map((row) => String(row.id));
  }

  listForOrder(orderId: string): Promise<WebhookDelivery[]> {
    return this.repo.find({ where: { orderId }, order: { id: 'ASC' } });
  }
}
