import {
  Column,
  CreateDateColumn,
  Entity,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { bigintToNumber } from '../common/transformers';
import { DEFAULT_TAX_CLASS } from '../products/tax-class';
import type { TaxClass } from '../products/tax-class';
import type { IntervalUnit } from '../subscriptions/billing-period';

/**
 * A subscription plan (자동결제 상품): what a subscriber is charged and how often. Subscriptions
 * copy the amount, interval and name when they start, so changing a plan never reprices them.
 */
@Entity('plans')
export class Plan {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 100 })
  name: string;

  /** Whole KRW per period. */
  @Column({ type: 'bigint', transformer: bigintToNumber })
  amount: number;

  @Column({ name: 'interval_unit', type: 'varchar', length: 8 })
  intervalUnit: IntervalUnit;

  @Column({ name: 'interval_count', type: 'integer' })
  intervalCount: number;

  @Column({ name: 'trial_days', type: 'integer', default: 0 })
  trialDays: number;

  /** TAXABLE or TAX_FREE (면세): a TAX_FREE plan's charges are wholly tax-free. */
  @Column({ name: 'tax_class', type: 'varchar', length: 16, default: DEFAULT_TAX_CLASS })
  taxClass: TaxClass;

  /** Inactive plans are not listed and cannot be subscribed to; running subscriptions go on. */
  @Column({ type: 'boolean', default: true })
  active: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
