import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { bigintToNumber } from '../common/transformers';
import type { TossCancel, TossPayment, TossPaymentCashReceipt } from '../toss/toss.types';

/** Our record of a Toss payment, written only from what Toss answered. */
@Entity('payments')
@Index('IDX_payments_order', ['orderId'])
export class Payment {
  @PrimaryColumn({ name: 'payment_key', type: 'varchar', length: 200 })
  paymentKey: string;

  @Column({ name: 'order_id', type: 'varchar', length: 64 })
  orderId: string;

  /** Toss's status as Toss sends it (DONE, WAITING_FOR_DEPOSIT, CANCELED, …). */
  @Column({ type: 'varchar', length: 32 })
  status: string;

  @Column({ type: 'varchar', length: 32, nullable: true })
  method: string | null;

  @Column({ name: 'total_amount', type: 'bigint', transformer: bigintToNumber })
  totalAmount: number;

  @Column({ name: 'balance_amount', type: 'bigint', transformer: bigintToNumber })
  balanceAmount: number;

  @Column({ type: 'varchar', length: 3, default: 'KRW' })
  currency: string;

  /**
   * Toss's tax-free part of what is still charged: it falls with each cancel's tax-free part, so
   * it bounds the tax-free part of the next refund (docs/toss.md, "Tax-free amounts").
   */
  @Column({ name: 'tax_free_amount', type: 'bigint', transformer: bigintToNumber, default: 0 })
  taxFreeAmount: number;

  /** Toss's VAT and supplied value of what is still charged; null when Toss sent none. */
  @Column({ type: 'bigint', transformer: bigintToNumber, nullable: true })
  vat: number | null;

  @Column({ name: 'supplied_amount', type: 'bigint', transformer: bigintToNumber, nullable: true })
  suppliedAmount: number | null;

  @Column({ name: 'requested_at', type: 'timestamptz', nullable: true })
  requestedAt: Date | null;

  @Column({ name: 'approved_at', type: 'timestamptz', nullable: true })
  approvedAt: Date | null;

  @Column({ name: 'receipt_url', type: 'varchar', length: 500, nullable: true })
  receiptUrl: string | null;

  @Column({ name: 'last_transaction_key', type: 'varchar', length: 64, nullable: true })
  lastTransactionKey: string | null;

  /** Method details as Toss sent them (card, virtualAccount, transfer, mobilePhone, easyPay). */
  @Column({ type: 'jsonb', nullable: true })
  card: TossPayment['card'] | null;

  @Column({ name: 'virtual_account', type: 'jsonb', nullable: true })
  virtualAccount: TossPayment['virtualAccount'] | null;

  @Column({ type: 'jsonb', nullable: true })
  transfer: TossPayment['transfer'] | null;

  @Column({ name: 'mobile_phone', type: 'jsonb', nullable: true })
  mobilePhone: TossPayment['mobilePhone'] | null;

  @Column({ name: 'easy_pay', type: 'jsonb', nullable: true })
  easyPay: TossPayment['easyPay'] | null;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  cancels: TossCancel[];

  /** The cash receipt Toss issued with the payment (the window's option), as Toss sent it. */
  @Column({ name: 'cash_receipt', type: 'jsonb', nullable: true })
  cashReceipt: TossPaymentCashReceipt | null;

  /** A virtual account's webhook secret: compared with DEPOSIT_CALLBACK, never answered to anyone. */
  @Column({ type: 'varchar', length: 100, nullable: true })
  secret: string | null;

  /** Toss's last full answer (identity numbers masked), kept for support and audits; never answered as is. */
  @Column({ type: 'jsonb' })
  raw: TossPayment;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
