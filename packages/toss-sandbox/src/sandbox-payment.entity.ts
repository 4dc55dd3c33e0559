import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { CashReceiptType } from './cash-receipt-rules';
import { bigintToNumber } from './database/bigint-to-number';
import type {
  MethodDetails,
  SandboxMethod,
  TossPaymentStatus,
  TossPaymentType,
} from './toss-payment.types';

/**
 * What a payment keeps in its `details` column: the method objects, and the options of the request
 * that Toss echoes or applies later (a JSON column, so that adding one needs no migration).
 */
export interface SandboxPaymentDetails extends MethodDetails {
  /** requestPayment's metadata, answered as Payment.metadata (absent: null). */
  metadata?: Record<string, string>;
  /** The tax-free part of the amount (absent: 0). */
  taxFreeAmount?: number;
  /**
   * The cash receipt the customer asked for in the window (transfer / virtual account): issued at
   * approval (transfer) or deposit (virtual account). Absent: none (미발행).
   */
  cashReceipt?: { type: CashReceiptType; customerIdentityNumber: string };
  /** virtualAccount.validHours: the account issued at confirm lapses this many hours later. */
  validHours?: number;
  /** virtualAccount.dueDate as an ISO instant: the account lapses then. */
  dueDate?: string;
}

/** One payment as the emulated Toss holds it (a Toss "payment session" from authentication on). */
@Entity('sandbox_payments')
@Index('IDX_sandbox_payments_order', ['orderId', 'requestedAt'])
@Index('IDX_sandbox_payments_status_auth', ['status', 'authenticatedAt'])
@Index('IDX_sandbox_payments_billing_key', ['billingKey'])
export class SandboxPayment {
  @PrimaryColumn({ name: 'payment_key', type: 'varchar', length: 200 })
  paymentKey: string;

  @Column({ name: 'order_id', type: 'varchar', length: 64 })
  orderId: string;

  @Column({ name: 'order_name', type: 'varchar', length: 100 })
  orderName: string;

  @Column({ type: 'varchar', length: 20 })
  method: SandboxMethod;

  @Column({ type: 'varchar', length: 32 })
  status: TossPaymentStatus;

  /** BILLING: charged with a billing key (POST /v1/billing/{billingKey}). */
  @Column({ type: 'varchar', length: 16, default: 'NORMAL' })
  type: TossPaymentType;

  /** The billing key a BILLING payment was charged with. */
  @Column({ name: 'billing_key', type: 'varchar', length: 200, nullable: true })
  billingKey: string | null;

  @Column({ name: 'total_amount', type: 'bigint', transformer: bigintToNumber })
  totalAmount: number;

  @Column({ name: 'balance_amount', type: 'bigint', transformer: bigintToNumber })
  balanceAmount: number;

  @Column({ name: 'customer_name', type: 'varchar', length: 100, nullable: true })
  customerName: string | null;

  /** Sandbox-clock times (they follow POST /sandbox/toss/test/clock). */
  @Column({ name: 'requested_at', type: 'timestamptz' })
  requestedAt: Date;

  @Column({ name: 'authenticated_at', type: 'timestamptz', nullable: true })
  authenticatedAt: Date | null;

  @Column({ name: 'approved_at', type: 'timestamptz', nullable: true })
  approvedAt: Date | null;

  @Column({ name: 'last_transaction_key', type: 'varchar', length: 64, nullable: true })
  lastTransactionKey: string | null;

  /** Virtual accounts only: what DEPOSIT_CALLBACK webhooks carry for verification. */
  @Column({ type: 'varchar', length: 50, nullable: true })
  secret: string | null;

  @Column({ name: 'failure_code', type: 'varchar', length: 64, nullable: true })
  failureCode: string | null;

  @Column({ name: 'failure_message', type: 'varchar', length: 510, nullable: true })
  failureMessage: string | null;

  /** A decline chosen at authorize time (`outcome`): confirm then fails with this Toss code. */
  @Column({ name: 'decline_code', type: 'varchar', length: 64, nullable: true })
  declineCode: string | null;

  /** The method-specific Toss objects (card, virtualAccount, …) and the request's options. */
  @Column({ type: 'jsonb' })
  details: SandboxPaymentDetails;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
