import {
  Column,
  CreateDateColumn,
  Entity,
  Generated,
  Index,
  PrimaryGeneratedColumn,
} from 'typeorm';

export type WebhookEventType = 'PAYMENT_STATUS_CHANGED' | 'DEPOSIT_CALLBACK' | 'BILLING_DELETED';
export type DeliveryStatus = 'PENDING' | 'DELIVERED' | 'FAILED';

/** An outgoing webhook (outbox row written in the same transaction as the status change). */
@Entity('sandbox_webhook_deliveries')
@Index('IDX_sandbox_webhook_deliveries_due', ['status', 'nextAttemptAt'])
@Index('IDX_sandbox_webhook_deliveries_order', ['orderId'])
@Index('IDX_sandbox_webhook_deliveries_billing_key', ['billingKey'])
export class SandboxWebhookDelivery {
  /** Also the order in which events were raised. */
  @PrimaryGeneratedColumn('identity', { type: 'bigint' })
  id: string;

  /** Sent as tosspayments-webhook-transmission-id; the same on every retry of one event. */
  @Column({ name: 'transmission_id', type: 'uuid' })
  @Generated('uuid')
  transmissionId: string;

  @Column({ name: 'event_type', type: 'varchar', length: 32 })
  eventType: WebhookEventType;

  /** Null for BILLING_DELETED, which is about a billing key. */
  @Column({ name: 'order_id', type: 'varchar', length: 64, nullable: true })
  orderId: string | null;

  @Column({ name: 'payment_key', type: 'varchar', length: 200, nullable: true })
  paymentKey: string | null;

  @Column({ name: 'billing_key', type: 'varchar', length: 200, nullable: true })
  billingKey: string | null;

  @Column({ type: 'jsonb' })
  payload: unknown;

  /** Where the last attempt went (resolved when sending). */
  @Column({ type: 'varchar', length: 2000, nullable: true })
  url: string | null;

  @Column({ type: 'varchar', length: 16 })
  status: DeliveryStatus;

  @Column({ type: 'int', default: 0 })
  attempts: number;

  @Column({ name: 'next_attempt_at', type: 'timestamptz' })
  nextAttemptAt: Date;

  @Column({ name: 'last_status_code', type: 'int', nullable: true })
  lastStatusCode: number | null;

  @Column({ name: 'last_error', type: 'varchar', length: 500, nullable: true })
  lastError: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'delivered_at', type: 'timestamptz', nullable: true })
  deliveredAt: Date | null;
}
