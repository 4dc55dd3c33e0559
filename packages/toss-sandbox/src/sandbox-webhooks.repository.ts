import { InjectTransactionHost, TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Inject, Injectable } from '@nestjs/common';
import { SANDBOX_OPTIONS, SandboxOptions, webhooksFor } from './sandbox-options';
import { returnedRows } from './sandbox-support.repository';
import { SandboxWebhookDelivery, WebhookEventType } from './sandbox-webhook-delivery.entity';
import { SANDBOX_CONNECTION } from './database/sandbox-data-source';

export interface NewDelivery {
  eventType: WebhookEventType;
  /** Null for BILLING_DELETED. */
  orderId: string | null;
  paymentKey: string | null;
  /** BILLING_DELETED's key. */
  billingKey?: string;
  payload: unknown;
}

export interface DueDelivery {
  id: string;
  transmissionId: string;
  payload: unknown;
  attempts: number;
}

/** How long a claimed delivery is left to the instance that claimed it before another may retry it. */
const LEASE_SECONDS = 60;

@Injectable()
export class SandboxWebhooksRepository {
  constructor(
    @InjectTransactionHost(SANDBOX_CONNECTION)
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    @Inject(SANDBOX_OPTIONS) private readonly options: SandboxOptions,
  ) {}

  private get repo() {
    return this.txHost.tx.getRepository(SandboxWebhookDelivery);
  }

  /** Joins the caller's transaction: a webhook exists exactly when the status change committed. */
  async enqueue(deliveries: NewDelivery[]): Promise<void> {
    const queued = webhooksFor(this.options, deliveries);
    if (queued.length === 0) return;
    await this.repo.insert(
      queued.map((d) => ({
        ...d,
        payload: d.payload as object,
        status: 'PENDING' as const,
        nextAttemptAt: () => 'now()',
      })),
    );
  }

  /** Claims due deliveries (oldest first) for this instance; rows another instance holds are skipped. */
  async claimDue(limit: number): Promise<DueDelivery[]> {
    const result: unknown = await this.txHost.tx.query(
      `UPDATE sandbox_webhook_deliveries SET next_attempt_at = now() + make_interval(secs => $2)
        WHERE id IN (
          SELECT id FROM sandbox_webhook_deliveries
           WHERE status = 'PENDING' AND next_attempt_at <= now()
           ORDER BY next_attempt_at, id
           LIMIT $1
           FOR UPDATE SKIP LOCKED)
        RETURNING id, transmission_id, payload, attempts`,
      [limit, LEASE_SECONDS],
    );
    return returnedRows<{
      id: string;
      transmission_id: string;
      payload: unknown;
      attempts: number;
    }>(result)
      .map((row) => ({
        id: String(row.id),
        transmissionId: row.transmission_id,
        payload: row.payload,
        attempts: row.attempts,
      }))
      .sort((a, b) => Number(a.id) - Number(b.id));
  }

  /** Deliveries that were answered 2xx, in one statement (a batch is delivered concurrently). */
  async markDelivered(url: string, delivered: { id: string; statusCode: number }[]): Promise<void> {
    if (delivered.length === 0) return;
    await this.repo.query(
      `UPDATE sandbox_webhook_deliveries d
          SET status = 'DELIVERED', url = $1, last_status_code = x.code, last_error = NULL, attempts = d.attempts + 1, delivered_at = now()
         FROM unnest($2::bigint[], $3::int[]) AS x(id, code)
        WHERE d.id = x.id`,
      [url, delivered.map((d) => d.id), delivered.map((d) => d.statusCode)],
    );
  }

  /** A failed attempt: retry after `retryInMs`, or give up (FAILED) when it is null. */
  async markAttemptFailed(
    id: string,
    url: string | null,
    statusCode: number | null,
    error: string,
    retryInMs: number | null,
  ): Promise<void> {
    await this.repo
      .createQueryBuilder()
      .update()
      .set({
        status: retryInMs === null ? 'FAILED' : 'PENDING',
        url,
        lastStatusCode: statusCode,
        lastError: error.slice(0, 500),
        attempts: () => 'attempts + 1',
        ...(retryInMs !== null && {
          nextAttemptAt: () => `now() + make_interval(secs => ${retryInMs / 1000})`,
        }),
      })
      .where('id = :id', { id })
      .execute();
  }

  listForOrder(orderId: string): Promise<SandboxWebhookDelivery[]> {
    return this.repo.find({ where: { orderId }, order: { id: 'ASC' } });
  }

  listForBillingKey(billingKey: string): Promise<SandboxWebhookDelivery[]> {
    return this.repo.find({ where: { billingKey }, order: { id: 'ASC' } });
  }

  listRecent(limit: number): Promise<SandboxWebhookDelivery[]> {
    return this.repo.find({ order: { id: 'DESC' }, take: limit });
  }
}
