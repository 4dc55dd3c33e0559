import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';
import type { TossBillingCard } from './toss-payment.types';

/**
 * One billing authentication (빌링 인증) from the billing-auth window: its one-time authKey, and
 * from issue on the billing key it became (POST /v1/billing/authorizations/issue), until deleted.
 */
@Entity('sandbox_billings')
@Index('UQ_sandbox_billings_billing_key', ['billingKey'], { unique: true })
@Index('IDX_sandbox_billings_customer', ['customerKey'])
export class SandboxBilling {
  /** Toss's authKey (at most 300 characters): issues one billing key, once, before authExpiresAt. */
  @PrimaryColumn({ name: 'auth_key', type: 'varchar', length: 300 })
  authKey: string;

  @Column({ name: 'customer_key', type: 'varchar', length: 300 })
  customerKey: string;

  /** The card registered in the window (Billing.card). */
  @Column({ type: 'jsonb' })
  card: TossBillingCard;

  /** Sandbox-clock times (they follow POST /sandbox/toss/test/clock). */
  @Column({ name: 'authenticated_at', type: 'timestamptz' })
  authenticatedAt: Date;

  @Column({ name: 'auth_expires_at', type: 'timestamptz' })
  authExpiresAt: Date;

  /** Null until the authKey is issued. */
  @Column({ name: 'billing_key', type: 'varchar', length: 200, nullable: true })
  billingKey: string | null;

  @Column({ name: 'issued_at', type: 'timestamptz', nullable: true })
  issuedAt: Date | null;

  /** Deleted (DELETE /v1/billing/{billingKey}, or by the issuer): charges are refused from then on. */
  @Column({ name: 'deleted_at', type: 'timestamptz', nullable: true })
  deletedAt: Date | null;

  /** BILLING_DELETED's `reason`. */
  @Column({ name: 'delete_reason', type: 'varchar', length: 200, nullable: true })
  deleteReason: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
