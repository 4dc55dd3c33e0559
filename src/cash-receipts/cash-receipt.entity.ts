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
import type { CashReceiptIssueStatus, CashReceiptType } from '../toss/cash-receipt.types';

/** Ours, not Toss's: REQUESTED until Toss's answer is known, CANCELED once nothing is left on it. */
export const CASH_RECEIPT_STATUSES = ['REQUESTED', 'ISSUED', 'FAILED', 'CANCELED'] as const;
export type CashReceiptStatus = (typeof CASH_RECEIPT_STATUSES)[number];

/** The statuses of a receipt that still stands: at most one per payment (UQ_cash_receipts_active). */
export const ACTIVE_RECEIPT_STATUSES = [
  'REQUESTED',
  'ISSUED',
] as const satisfies readonly CashReceiptStatus[];

/**
 * A cash receipt requested after the payment (POST /payments/{paymentKey}/cash-receipt), issued
 * through Toss's cash receipt API. Written REQUESTED with its Idempotency-Key and Toss orderId
 * before Toss is called. The identity number is sealed (cash-receipt-identity.ts); only its masked
 * form and a keyed hash (to tell the same number again) are readable.
 */
@Entity('cash_receipts')
@Unique('UQ_cash_receipts_idempotency_key', ['idempotencyKey'])
@Unique('UQ_cash_receipts_toss_order_id', ['tossOrderId'])
@Index('UQ_cash_receipts_active', ['paymentKey'], {
  unique: true,
  where: `"status" IN ('REQUESTED', 'ISSUED')`,
})
@Index('IDX_cash_receipts_payment', ['paymentKey', 'createdAt'])
@Index('IDX_cash_receipts_status_updated', ['status', 'updatedAt'])
// The daily outcome refresh reads only these (receipts leave IN_PROGRESS within days).
@Index('IDX_cash_receipts_outcome_due', ['nextCheckAt'], {
  where: `"status" = 'ISSUED' AND "issue_status" = 'IN_PROGRESS'`,
})
export class CashReceipt {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ name: 'payment_key', type: 'varchar', length: 200 })
  paymentKey: string;

  @Column({ name: 'order_id', type: 'varchar', length: 64 })
  orderId: string;

  /** The orderId Toss gets: `<orderId>-r<n>`, the payment's n-th request (cash-receipt-rules.ts). */
  @Column({ name: 'toss_order_id', type: 'varchar', length: 64 })
  tossOrderId: string;

  @Column({ type: 'varchar', length: 8 })
  type: CashReceiptType;

  /** Which key of BILLING_KEY_ENCRYPTION_KEYS sealed the identity number. */
  @Column({ name: 'identity_key_id', type: 'varchar', length: 16 })
  identityKeyId: string;

  @Column({ name: 'identity_ciphertext', type: 'bytea', select: false })
  identityCiphertext: Buffer;

  @Column({ name: 'identity_iv', type: 'bytea', select: false })
  identityIv: Buffer;

  @Column({ name: 'identity_tag', type: 'bytea', select: false })
  identityTag: Buffer;

  /** HMAC of the payment and the number: the same number again for this payment, unopened. */
  @Column({ name: 'identity_hash', type: 'bytea', select: false })
  identityHash: Buffer;

  /** What may be shown: '*******5678'. */
  @Column({ name: 'identity_masked', type: 'varchar', length: 32 })
  identityMasked: string;

  /** Whole KRW: the payment's balance when it was requested. */
  @Column({ type: 'bigint', transformer: bigintToNumber })
  amount: number;

  @Column({ name: 'tax_free_amount', type: 'bigint', transformer: bigintToNumber })
  taxFreeAmount: number;

  /** What Toss canceled of it so far (refunds of the payment). */
  @Column({ name: 'canceled_amount', type: 'bigint', transformer: bigintToNumber, default: 0 })
  canceledAmount: number;

  @Column({ type: 'varchar', length: 16 })
  status: CashReceiptStatus;

  /** Toss's issueStatus (the National Tax Service's outcome), once Toss answered. */
  @Column({ name: 'issue_status', type: 'varchar', length: 16, nullable: true })
  issueStatus: CashReceiptIssueStatus | null;

  @Column({ name: 'receipt_key', type: 'varchar', length: 200, nullable: true })
  receiptKey: string | null;

  @Column({ name: 'issue_number', type: 'varchar', length: 16, nullable: true })
  issueNumber: string | null;

  @Column({ name: 'receipt_url', type: 'varchar', length: 500, nullable: true })
  receiptUrl: string | null;

  /** Sent to Toss on every try of this issue: `cash-receipt:<id>`. */
  @Column({ name: 'idempotency_key', type: 'varchar', length: 300 })
  idempotencyKey: string;

  @Column({ name: 'failure_code', type: 'varchar', length: FAILURE_CODE_LENGTH, nullable: true })
  failureCode: string | null;

  @Column({
    name: 'failure_message',
    type: 'varchar',
    length: FAILURE_MESSAGE_LENGTH,
    nullable: true,
  })
  failureMessage: string | null;

  /** The sweeper's next turn: a REQUESTED issue to find out, or an IN_PROGRESS one to refresh. */
  @Column({ name: 'next_check_at', type: 'timestamptz', nullable: true })
  nextCheckAt: Date | null;

  @Column({ name: 'check_count', type: 'integer', default: 0 })
  checkCount: number;

  /** The user (owner or admin) who asked for it. */
  @Column({ name: 'requested_by', type: 'uuid' })
  requestedBy: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
