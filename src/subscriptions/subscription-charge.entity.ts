import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { bigintToNumber } from '../common/transformers';
import { FAILURE_CODE_LENGTH, FAILURE_MESSAGE_LENGTH } from '../payments/failure-text';
import { Subscription } from './subscription.entity';

/**
 * IN_PROGRESS: written before Toss is called; stays so while its outcome is unseen.
 * DONE: Toss approved it and the period advanced. DECLINED: Toss refused it (or its card was gone).
 * VOIDED: Toss approved money the subscription could not take; canceled at Toss.
 */
export const CHARGE_STATUSES = ['IN_PROGRESS', 'DONE', 'DECLINED', 'VOIDED'] as const;
export type ChargeStatus = (typeof CHARGE_STATUSES)[number];

/** One call to Toss's billing charge: unique per (subscription, period, attempt). */
@Entity('subscription_charges')
@Index('UQ_subscription_charges_attempt', ['subscriptionId', 'period', 'attempt'], {
  unique: true,
})
@Index('UQ_subscription_charges_order', ['orderId'], { unique: true })
// The look-up pass over charges whose outcome nobody saw.
@Index('IDX_subscription_charges_in_progress', ['updatedAt'], {
  where: `"status" = 'IN_PROGRESS'`,
})
export class SubscriptionCharge {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'subscription_id', type: 'uuid' })
  subscriptionId: string;

  @ManyToOne(() => Subscription, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'subscription_id' })
  subscription?: Subscription;

  @Column({ type: 'integer' })
  period: number;

  @Column({ type: 'integer' })
  attempt: number;

  /** charge-ids.ts chargeOrderId: Toss's orderId, and our orders row's id once approved. */
  @Column({ name: 'order_id', type: 'varchar', length: 64 })
  orderId: string;

  /** charge-ids.ts chargeIdempotencyKey, stored before the call. */
  @Column({ name: 'idempotency_key', type: 'varchar', length: 300 })
  idempotencyKey: string;

  /** Whole KRW: the subscription's amount when the row was written. */
  @Column({ type: 'bigint', transformer: bigintToNumber })
  amount: number;

  /** Its tax-free part (the whole amount for a TAX_FREE plan), sent to Toss and checked against its approval. */
  @Column({ name: 'tax_free_amount', type: 'bigint', transformer: bigintToNumber, default: 0 })
  taxFreeAmount: number;

  /** The card charged (billing_keys row). */
  @Column({ name: 'card_id', type: 'uuid' })
  cardId: string;

  @Column({ type: 'varchar', length: 16 })
  status: ChargeStatus;

  @Column({ name: 'payment_key', type: 'varchar', length: 200, nullable: true })
  paymentKey: string | null;

  @Column({ name: 'failure_code', type: 'varchar', length: FAILURE_CODE_LENGTH, nullable: true })
  failureCode: string | null;

  @Column({
    name: 'failure_message',
    type: 'varchar',
    length: FAILURE_MESSAGE_LENGTH,
    nullable: true,
  })
  failureMessage: string | null;

  @Column({ name: 'approved_at', type: 'timestamptz', nullable: true })
  approvedAt: Date | null;

  /** The look-up pass's bookkeeping for an IN_PROGRESS charge (claimDue's backoff). */
  @Column({ name: 'next_check_at', type: 'timestamptz', nullable: true })
  nextCheckAt: Date | null;

  @Column({ name: 'check_count', type: 'integer', default: 0 })
  checkCount: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
