import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  PrimaryColumn,
  Unique,
  UpdateDateColumn,
} from 'typeorm';
import { bigintToNumber } from '../common/transformers';
import { FAILURE_CODE_LENGTH, FAILURE_MESSAGE_LENGTH } from '../payments/failure-text';

export type CashReceiptCancelStatus = 'REQUESTED' | 'DONE' | 'FAILED';

/**
 * One refund's share of a requested cash receipt, to cancel at Toss: written REQUESTED in the
 * refund's own transaction (RefundFollowers), with its Idempotency-Key `receipt-cancel:<refundId>`,
 * before Toss is called. One per refund.
 */
@Entity('cash_receipt_cancels')
@Unique('UQ_cash_receipt_cancels_refund', ['refundId'])
@Unique('UQ_cash_receipt_cancels_idempotency_key', ['idempotencyKey'])
@Index('IDX_cash_receipt_cancels_receipt', ['receiptId', 'createdAt'])
@Index('IDX_cash_receipt_cancels_status_updated', ['status', 'updatedAt'])
export class CashReceiptCancel {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ name: 'receipt_id', type: 'uuid' })
  receiptId: string;

  @Column({ name: 'refund_id', type: 'uuid' })
  refundId: string;

  /** Whole KRW: what the refund returned. */
  @Column({ type: 'bigint', transformer: bigintToNumber })
  amount: number;

  @Column({ name: 'tax_free_amount', type: 'bigint', transformer: bigintToNumber })
  taxFreeAmount: number;

  @Column({ name: 'idempotency_key', type: 'varchar', length: 300 })
  idempotencyKey: string;

  @Column({ type: 'varchar', length: 16 })
  status: CashReceiptCancelStatus;

  /** The CANCEL receipt's key Toss answered (c_…), once we know which one is ours. */
  @Column({ name: 'cancel_receipt_key', type: 'varchar', length: 200, nullable: true })
  cancelReceiptKey: string | null;

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
