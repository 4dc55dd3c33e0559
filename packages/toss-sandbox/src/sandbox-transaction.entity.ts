import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { bigintToNumber } from './database/bigint-to-number';

export type SandboxTransactionKind = 'CONFIRM' | 'DEPOSIT' | 'CANCEL';

export interface RefundAccount {
  bankCode: string;
  accountNumber: string;
  holderName: string;
}

/** Every money-moving event: a successful confirm (or VA issue), a VA deposit, a cancel. */
@Entity('sandbox_transactions')
@Index('UQ_sandbox_transactions_key', ['transactionKey'], { unique: true })
@Index('IDX_sandbox_transactions_payment', ['paymentKey', 'id'])
@Index('IDX_sandbox_transactions_order', ['orderId'])
export class SandboxTransaction {
  @PrimaryGeneratedColumn('identity', { type: 'bigint' })
  id: string;

  @Column({ name: 'transaction_key', type: 'varchar', length: 64 })
  transactionKey: string;

  @Column({ name: 'payment_key', type: 'varchar', length: 200 })
  paymentKey: string;

  @Column({ name: 'order_id', type: 'varchar', length: 64 })
  orderId: string;

  @Column({ type: 'varchar', length: 16 })
  kind: SandboxTransactionKind;

  @Column({ type: 'bigint', transformer: bigintToNumber })
  amount: number;

  @Column({ name: 'cancel_reason', type: 'varchar', length: 200, nullable: true })
  cancelReason: string | null;

  /** Balance left after this cancel. */
  @Column({
    name: 'refundable_amount',
    type: 'bigint',
    nullable: true,
    transformer: bigintToNumber,
  })
  refundableAmount: number | null;

  @Column({ name: 'refund_account', type: 'jsonb', nullable: true })
  refundAccount: RefundAccount | null;

  /** A cancel's tax-free part (Payment.cancels[].taxFreeAmount). */
  @Column({ name: 'tax_free_amount', type: 'bigint', default: 0, transformer: bigintToNumber })
  taxFreeAmount: number;

  /** A cancel of a payment with a cash receipt: the receipt's cancel (its `c_` key). */
  @Column({ name: 'receipt_key', type: 'varchar', length: 200, nullable: true })
  receiptKey: string | null;

  /** Sandbox-clock time. */
  @Column({ name: 'transaction_at', type: 'timestamptz' })
  transactionAt: Date;
}
