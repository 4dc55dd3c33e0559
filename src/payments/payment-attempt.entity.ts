import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { bigintToNumber } from '../common/transformers';
import { FAILURE_CODE_LENGTH, FAILURE_MESSAGE_LENGTH } from './failure-text';

export type AttemptStatus = 'IN_PROGRESS' | 'APPROVED' | 'FAILED';

/**
 * One confirm of one (order, paymentKey), written before Toss is called. Its idempotency key is
 * derived from our ids, so every retry of this confirm — ours, the reconciler's, another
 * instance's — is the same request to Toss and can never charge twice.
 */
@Entity('payment_attempts')
@Index('IDX_payment_attempts_order', ['orderId', 'createdAt'])
export class PaymentAttempt {
  @PrimaryColumn({ name: 'idempotency_key', type: 'varchar', length: 300 })
  idempotencyKey: string;

  @Column({ name: 'order_id', type: 'varchar', length: 64 })
  orderId: string;

  @Column({ name: 'payment_key', type: 'varchar', length: 200 })
  paymentKey: string;

  @Column({ type: 'bigint', transformer: bigintToNumber })
  amount: number;

  @Column({ type: 'varchar', length: 16 })
  status: AttemptStatus;

  @Column({ name: 'failure_code', type: 'varchar', length: FAILURE_CODE_LENGTH, nullable: true })
  failureCode: string | null;

  @Column({
    name: 'failure_message',
    type: 'varchar',
    length: FAILURE_MESSAGE_LENGTH,
    nullable: true,
  })
  failureMessage: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
