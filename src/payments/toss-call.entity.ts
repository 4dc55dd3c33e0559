import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { TossOperation } from '../toss/toss.types';
import type { TossCallOutcome, TossCaller } from './toss-calls';

/** The audit trail: every call we made to Toss and what came of it. */
@Entity('toss_calls')
@Index('IDX_toss_calls_order', ['orderId', 'createdAt'])
@Index('IDX_toss_calls_payment', ['paymentKey', 'createdAt'])
export class TossCall {
  @PrimaryGeneratedColumn('identity', { type: 'bigint' })
  id: string;

  @Column({ name: 'order_id', type: 'varchar', length: 64, nullable: true })
  orderId: string | null;

  @Column({ name: 'payment_key', type: 'varchar', length: 200, nullable: true })
  paymentKey: string | null;

  /** confirm, get, getByOrderId, cancel. */
  @Column({ type: 'varchar', length: 16 })
  operation: TossOperation;

  @Column({ name: 'idempotency_key', type: 'varchar', length: 300, nullable: true })
  idempotencyKey: string | null;

  @Column({ name: 'http_status', type: 'smallint', nullable: true })
  httpStatus: number | null;

  /** Toss's code on failure (or ours: TIMEOUT, CONNECTION_FAILED, BAD_RESPONSE). */
  @Column({ type: 'varchar', length: 64, nullable: true })
  code: string | null;

  /** ok, refused or unknown. */
  @Column({ type: 'varchar', length: 16 })
  outcome: TossCallOutcome;

  @Column({ name: 'duration_ms', type: 'integer' })
  durationMs: number;

  /** Who called: confirm, reconciler, refund, webhook, report. */
  @Column({ type: 'varchar', length: 16 })
  caller: TossCaller;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

/** An audit row before it is stored (the database gives it its id and time). */
export type TossCallRow = Omit<TossCall, 'id' | 'createdAt'>;
