import { DEFAULT_TAX_CLASS, TaxClass } from '../products/tax-class';
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
import { Plan } from '../plans/plan.entity';
import { User } from '../users/user.entity';
import type { IntervalUnit } from './billing-period';
import type { SubscriptionStatus } from './subscription-state';

/**
 * A customer's subscription: the SubscriptionState columns (subscription-state.ts), the plan as it
 * was when they subscribed (name, amount, interval, trial), and the card it charges. Only
 * SubscriptionsRepository writes it, every change under the row lock.
 */
@Entity('subscriptions')
@Index('IDX_subscriptions_user_created', ['userId', 'createdAt'])
@Index('IDX_subscriptions_card', ['cardId'])
// The scheduler's claim: only running subscriptions with something planned.
@Index('IDX_subscriptions_due', ['nextChargeAt'], {
  where: `"status" IN ('TRIALING', 'ACTIVE', 'PAST_DUE') AND "next_charge_at" IS NOT NULL`,
})
export class Subscription {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'user_id' })
  user?: User;

  @Column({ name: 'plan_id', type: 'uuid' })
  planId: string;

  @ManyToOne(() => Plan, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'plan_id' })
  plan?: Plan;

  /** The billing_keys row charged (src/billing/); its key is opened only for a charge. */
  @Column({ name: 'card_id', type: 'uuid' })
  cardId: string;

  @Column({ name: 'plan_name', type: 'varchar', length: 100 })
  planName: string;

  @Column({ type: 'bigint', transformer: bigintToNumber })
  amount: number;

  /** The plan's tax class when subscribed: a TAX_FREE plan's charges are wholly tax-free. */
  @Column({ name: 'tax_class', type: 'varchar', length: 16, default: DEFAULT_TAX_CLASS })
  taxClass: TaxClass;

  @Column({ name: 'interval_unit', type: 'varchar', length: 8 })
  intervalUnit: IntervalUnit;

  @Column({ name: 'interval_count', type: 'integer' })
  intervalCount: number;

  @Column({ name: 'trial_days', type: 'integer' })
  trialDays: number;

  @Column({ type: 'varchar', length: 16 })
  status: SubscriptionStatus;

  @Column({ type: 'timestamptz' })
  anchor: Date;

  @Column({ type: 'integer' })
  period: number;

  @Column({ type: 'integer' })
  attempt: number;

  @Column({ name: 'next_charge_at', type: 'timestamptz', nullable: true })
  nextChargeAt: Date | null;

  @Column({ name: 'cancel_at_period_end', type: 'boolean', default: false })
  cancelAtPeriodEnd: boolean;

  @Column({ name: 'needs_new_card', type: 'boolean', default: false })
  needsNewCard: boolean;

  /** The soft retries of the period being charged (SoftRetry): both set, or both null. */
  @Column({ name: 'retry_first_declined_at', type: 'timestamptz', nullable: true })
  retryFirstDeclinedAt: Date | null;

  @Column({ name: 'retries_done', type: 'integer', nullable: true })
  retriesDone: number | null;

  @Column({ name: 'last_failure_code', type: 'varchar', length: 64, nullable: true })
  lastFailureCode: string | null;

  @Column({ name: 'canceled_at', type: 'timestamptz', nullable: true })
  canceledAt: Date | null;

  @Column({ name: 'ended_at', type: 'timestamptz', nullable: true })
  endedAt: Date | null;

  /** A scheduler instance is working on it until then (a lease, so a crashed one's work is retaken). */
  @Column({ name: 'claimed_until', type: 'timestamptz', nullable: true })
  claimedUntil: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
