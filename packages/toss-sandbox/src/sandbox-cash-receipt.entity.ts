import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type {
  CashReceiptFailure,
  CashReceiptTransactionType,
  CashReceiptType,
  IssueStatus,
} from './cash-receipt-rules';
import { bigintToNumber } from './database/bigint-to-number';

/**
 * One cash receipt transaction (현금영수증) as the emulated Toss holds it: an issue (CONFIRM) or a
 * cancel (CANCEL, its own `c_` key), issued through POST /v1/cash-receipts or with a transfer /
 * virtual-account payment. The id orders the list and is its cursor.
 */
@Entity('sandbox_cash_receipts')
@Index('UQ_sandbox_cash_receipts_receipt_key', ['receiptKey'], { unique: true })
@Index('IDX_sandbox_cash_receipts_requested_at', ['requestedAt', 'id'])
@Index('IDX_sandbox_cash_receipts_payment', ['paymentKey'])
@Index('IDX_sandbox_cash_receipts_order', ['orderId'])
export class SandboxCashReceipt {
  @PrimaryGeneratedColumn('identity', { type: 'bigint' })
  id: string;

  @Column({ name: 'receipt_key', type: 'varchar', length: 200 })
  receiptKey: string;

  @Column({ name: 'transaction_type', type: 'varchar', length: 8 })
  transactionType: CashReceiptTransactionType;

  /** A cancel: the issue it cancels. */
  @Column({ name: 'issue_receipt_key', type: 'varchar', length: 200, nullable: true })
  issueReceiptKey: string | null;

  /** Issued with this payment (its cashReceipt / cashReceipts); null for POST /v1/cash-receipts. */
  @Column({ name: 'payment_key', type: 'varchar', length: 200, nullable: true })
  paymentKey: string | null;

  @Column({ name: 'order_id', type: 'varchar', length: 64 })
  orderId: string;

  @Column({ name: 'order_name', type: 'varchar', length: 100 })
  orderName: string;

  @Column({ type: 'varchar', length: 8 })
  type: CashReceiptType;

  @Column({ type: 'bigint', transformer: bigintToNumber })
  amount: number;

  @Column({ name: 'tax_free_amount', type: 'bigint', transformer: bigintToNumber })
  taxFreeAmount: number;

  /** An issue: what its cancels took so far (a cancel may take at most what is left). */
  @Column({
    name: 'canceled_amount',
    type: 'bigint',
    default: 0,
    transformer: bigintToNumber,
  })
  canceledAmount: number;

  @Column({
    name: 'canceled_tax_free_amount',
    type: 'bigint',
    default: 0,
    transformer: bigintToNumber,
  })
  canceledTaxFreeAmount: number;

  @Column({ name: 'issue_number', type: 'varchar', length: 9 })
  issueNumber: string;

  @Column({ name: 'approval_number', type: 'varchar', length: 9 })
  approvalNumber: string;

  @Column({ name: 'customer_identity_number', type: 'varchar', length: 30 })
  customerIdentityNumber: string;

  /** The NTS outcome a test control decided; null: by the clock (issueStatusAt). */
  @Column({ name: 'issue_status', type: 'varchar', length: 16, nullable: true })
  issueStatus: IssueStatus | null;

  @Column({ type: 'jsonb', nullable: true })
  failure: CashReceiptFailure | null;

  /** Sandbox-clock times (they follow POST /sandbox/toss/test/clock). */
  @Column({ name: 'requested_at', type: 'timestamptz' })
  requestedAt: Date;

  @Column({ name: 'approved_at', type: 'timestamptz', nullable: true })
  approvedAt: Date | null;

  @Column({ name: 'canceled_at', type: 'timestamptz', nullable: true })
  canceledAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
