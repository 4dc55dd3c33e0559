import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A customer's registered card: Toss's billing key, sealed with AES-256-GCM under the key named by
 * keyId (billing-key-cipher.ts), and what the customer is shown of the card. Rows are never
 * removed: a deleted card keeps its row with deletedAt and the reason. Many cards per customer.
 */
@Entity('billing_keys')
@Index('IDX_billing_keys_user_active', ['userId', 'createdAt'], { where: '"deleted_at" IS NULL' })
@Index('UQ_billing_keys_lookup_hash', ['lookupHash'], { unique: true })
export class BillingKey {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;

  /** The customerKey the key was issued to; Toss wants it again on every charge. A secret. */
  @Column({ name: 'customer_key', type: 'varchar', length: 300, select: false })
  customerKey: string;

  /** Which key of BILLING_KEY_ENCRYPTION_KEYS sealed it. */
  @Column({ name: 'key_id', type: 'varchar', length: 16 })
  keyId: string;

  @Column({ type: 'bytea', select: false })
  ciphertext: Buffer;

  @Column({ type: 'bytea', select: false })
  iv: Buffer;

  @Column({ type: 'bytea', select: false })
  tag: Buffer;

  /** HMAC-SHA256 of the billing key (billing-key-cipher.ts lookupHash): finds the row Toss names. */
  @Column({ name: 'lookup_hash', type: 'bytea', select: false })
  lookupHash: Buffer;

  /** Toss's card.issuerCode (two digits, e.g. 4V). */
  @Column({ name: 'issuer_code', type: 'varchar', length: 8, nullable: true })
  issuerCode: string | null;

  /** Toss's card.acquirerCode. */
  @Column({ name: 'acquirer_code', type: 'varchar', length: 8, nullable: true })
  acquirerCode: string | null;

  /** As Toss masks it, e.g. 43301234****123*. */
  @Column({ name: 'masked_number', type: 'varchar', length: 32, nullable: true })
  maskedNumber: string | null;

  /** 신용, 체크, 기프트. */
  @Column({ name: 'card_type', type: 'varchar', length: 16, nullable: true })
  cardType: string | null;

  /** 개인, 법인. */
  @Column({ name: 'owner_type', type: 'varchar', length: 16, nullable: true })
  ownerType: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'deleted_at', type: 'timestamptz', nullable: true })
  deletedAt: Date | null;

  /** CUSTOMER (deleted through the API) or TOSS: <Toss's reason> (BILLING_DELETED). */
  @Column({ name: 'deleted_reason', type: 'varchar', length: 200, nullable: true })
  deletedReason: string | null;
}
