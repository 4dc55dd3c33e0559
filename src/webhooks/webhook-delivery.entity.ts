import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export type DeliveryStatus = 'RECEIVED' | 'PROCESSED' | 'REJECTED' | 'IGNORED' | 'FAILED';

/** The inbox: every webhook Toss delivered, stored as received before anything acts on it. */
@Entity('webhook_deliveries')
@Index('IDX_webhook_deliveries_status_next', ['status', 'nextAttemptAt'])
@Index('IDX_webhook_deliveries_transmission', ['transmissionId'])
@Index('IDX_webhook_deliveries_order', ['orderId'])
export class WebhookDelivery {
  @PrimaryGeneratedColumn('identity', { type: 'bigint' })
  id: string;

  /** tosspayments-webhook-transmission-id: unique per delivery attempt chain, for dedupe. */
  @Column({ name: 'transmission_id', type: 'varchar', length: 200, nullable: true })
  transmissionId: string | null;

  /** PAYMENT_STATUS_CHANGED, DEPOSIT_CALLBACK, CANCEL_STATUS_CHANGED, … (DEPOSIT_CALLBACK when inferred). */
  @Column({ name: 'event_type', type: 'varchar', length: 64 })
  eventType: string;

  @Column({ name: 'order_id', type: 'varchar', length: 64, nullable: true })
  orderId: string | null;

  @Column({ name: 'payment_key', type: 'varchar', length: 200, nullable: true })
  paymentKey: string | null;

  /** The body as received. A deposit callback's secret is in it: never answered to anyone. */
  @Column({ type: 'jsonb' })
  body: unknown;

  /** The tosspayments-webhook-* headers. */
  @Column({ type: 'jsonb' })
  headers: Record<string, string>;

  @Column({ type: 'varchar', length: 16 })
  status: DeliveryStatus;

  /** What processing concluded (e.g. applied, stale, secret mismatch). */
  @Column({ type: 'varchar', length: 200, nullable: true })
  verdict: string | null;

  @Column({ type: 'integer', default: 0 })
  attempts: number;

  @Column({ name: 'next_attempt_at', type: 'timestamptz', nullable: true })
  nextAttemptAt: Date | null;

  @CreateDateColumn({ name: 'received_at', type: 'timestamptz' })
  receivedAt: Date;

  @Column({ name: 'processed_at', type: 'timestamptz', nullable: true })
  processedAt: Date | null;
}
