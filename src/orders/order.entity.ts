import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  OneToMany,
  PrimaryColumn,
  UpdateDateColumn,
} from 'typeorm';
import { bigintToNumber } from '../common/transformers';
import { FAILURE_CODE_LENGTH, FAILURE_MESSAGE_LENGTH } from '../payments/failure-text';
import { Payment } from '../payments/payment.entity';
import { User } from '../users/user.entity';
import { OrderItem } from './order-item.entity';
import type { OrderStatus } from '../payments/order-status';

@Entity('orders')
@Index('IDX_orders_customer_created', ['customerId', 'createdAt'])
@Index('IDX_orders_status_updated', ['status', 'updatedAt'])
@Index('IDX_orders_created', ['createdAt'])
// The reconciler's expiry sweep (expirePending); partial, so it holds only the few PENDING orders.
@Index('IDX_orders_pending_expires', ['expiresAt'], { where: `"status" = 'PENDING'` })
export class Order {
  /** Made by the server (a UUID); Toss's orderId. */
  @PrimaryColumn({ name: 'order_id', type: 'varchar', length: 64 })
  orderId: string;

  @Column({ name: 'customer_id', type: 'uuid' })
  customerId: string;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'customer_id' })
  customer?: User;

  @Column({ name: 'order_name', type: 'varchar', length: 100 })
  orderName: string;

  /** Whole KRW, computed by the server from the item snapshots. */
  @Column({ type: 'bigint', transformer: bigintToNumber })
  amount: number;

  /**
   * The part of amount that is tax-free (면세), whole KRW: the sum of the TAX_FREE lines, computed
   * by the server (order-rules.ts taxFreeAmount). Toss is told it in the payment window's request.
   */
  @Column({ name: 'tax_free_amount', type: 'bigint', transformer: bigintToNumber, default: 0 })
  taxFreeAmount: number;

  @Column({ type: 'varchar', length: 3, default: 'KRW' })
  currency: string;

  @Column({ type: 'varchar', length: 32 })
  status: OrderStatus;

  @OneToMany(() => OrderItem, (item) => item.order, { cascade: ['insert'] })
  items: OrderItem[];

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date;

  @Column({ name: 'paid_at', type: 'timestamptz', nullable: true })
  paidAt: Date | null;

  @Column({ name: 'canceled_at', type: 'timestamptz', nullable: true })
  canceledAt: Date | null;

  /** The paymentKey of the payment under way or made for this order. */
  @Column({ name: 'payment_key', type: 'varchar', length: 200, nullable: true })
  paymentKey: string | null;

  // No foreign key: the key is set when the confirm starts, before Toss has answered with a payment.
  @ManyToOne(() => Payment, { createForeignKeyConstraints: false, nullable: true })
  @JoinColumn({ name: 'payment_key', referencedColumnName: 'paymentKey' })
  payment?: Payment | null;

  /** Reconciler bookkeeping: when to look at this order again, and how often it has tried. */
  @Column({ name: 'next_check_at', type: 'timestamptz', nullable: true })
  nextCheckAt: Date | null;

  @Column({ name: 'check_count', type: 'integer', default: 0 })
  checkCount: number;

  /** The last failed payment attempt's code and message, kept so the customer can be told why. */
  @Column({
    name: 'last_failure_code',
    type: 'varchar',
    length: FAILURE_CODE_LENGTH,
    nullable: true,
  })
  lastFailureCode: string | null;

  @Column({
    name: 'last_failure_message',
    type: 'varchar',
    length: FAILURE_MESSAGE_LENGTH,
    nullable: true,
  })
  lastFailureMessage: string | null;
}
