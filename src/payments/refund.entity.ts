import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  PrimaryGeneratedColumn,
  Unique,
  UpdateDateColumn,
} from 'typeorm';
import { bigintToNumber } from '../common/transformers';
import { FAILURE_CODE_LENGTH, FAILURE_MESSAGE_LENGTH } from './failure-text';
import type { RefundLine } from './refund-rules';

export type RefundStatus = 'REQUESTED' | 'DONE' | 'FAILED';

/**
 * One refund (a Toss cancel transaction), written before Toss is called. Its idempotency key is
 * reused on every retry, so a retry after a timeout can never refund twice.
 */
@Entity('refunds')
@Unique('UQ_refunds_idempotency_key', ['idempotencyKey'])
@Unique('UQ_refunds_client_key', ['paymentKey', 'clientKey'])
@Index('IDX_refunds_payment', ['paymentKey', 'createdAt'])
@Index('IDX_refunds_status_updated', ['status', 'updatedAt'])
export class Refund {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'payment_key', type: 'varchar', length: 200 })
  paymentKey: string;

  @Column({ name: 'order_id', type: 'varchar', length: 64 })
  orderId: string;

  /** The Idempotency-Key sent to Toss: derived from the client's key, or from this row's id. */
  @Column({ name: 'idempotency_key', type: 'varchar', length: 300 })
  idempotencyKey: string;

  /** The caller's Idempotency-Key header, when it sent one. */
  @Column({ name: 'client_key', type: 'varchar', length: 64, nullable: true })
  clientKey: string | null;

  /** A digest of the request, so one client key cannot be reused for a different refund. */
  @Column({ name: 'request_hash', type: 'varchar', length: 64 })
  requestHash: string;

  /** Whole KRW; for a full cancel, the balance when it was asked for. */
  @Column({ type: 'bigint', transformer: bigintToNumber })
  amount: number;

  /**
   * The tax-free part we asked Toss to cancel, in KRW (docs/toss.md, "Tax-free amounts"). Kept as
   * asked: the books compare it with Toss's cancel's taxFreeAmount.
   */
  @Column({ name: 'tax_free_amount', type: 'bigint', transformer: bigintToNumber, default: 0 })
  taxFreeAmount: number;

  /** The order lines refunded, when the refund named them; null for a refund by amount. */
  @Column({ type: 'jsonb', nullable: true })
  lines: RefundLine[] | null;

  /** A full cancel (no cancelAmount sent to Toss). */
  @Column({ type: 'boolean' })
  full: boolean;

  @Column({ type: 'varchar', length: 200 })
  reason: string;

  @Column({ type: 'varchar', length: 16 })
  status: RefundStatus;

  /** The refund account for a paid virtual account (docs/toss.md §2.4); kept until Toss has it. */
  @Column({ name: 'refund_account', type: 'jsonb', nullable: true })
  refundAccount: { bank: string; accountNumber: string; holderName: string } | null;

  /** Toss's cancel transaction, once we know which one is ours. */
  @Column({ name: 'transaction_key', type: 'varchar', length: 64, nullable: true })
  transactionKey: string | null;

  @Column({ name: 'failure_code', type: 'varchar', length: FAILURE_CODE_LENGTH, nullable: true })
  failureCode: string | null;

  @Column({
    name: 'failure_message',
    type: 'varchar',
    length: FAILURE_MESSAGE_LENGTH,
    nullable: true,
  })
  failureMessage: string | null;

  @Column({ name: 'next_check_at', type: 'timestamptz', nullable: true })
  nextCheckAt: Date | null;

  @Column({ name: 'check_count', type: 'integer', default: 0 })
  checkCount: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
