import {
  Column,
  CreateDateColumn,
  Entity,
  PrimaryGeneratedColumn,
  Unique,
  UpdateDateColumn,
} from 'typeorm';

export const ROLES = ['customer', 'admin'] as const;
export type Role = (typeof ROLES)[number];

@Entity('users')
@Unique('UQ_users_email', ['email'])
export class User {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Stored lower-cased, so that one address is one account. */
  @Column({ type: 'varchar', length: 254 })
  email: string;

  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Column({ name: 'password_hash', type: 'varchar', length: 255 })
  passwordHash: string;

  @Column({ type: 'varchar', length: 16, default: 'customer' })
  role: Role;

  /**
   * The customer's customerKey for Toss's billing (자동결제): a random UUID v4, made on first need
   * (UsersRepository.customerKeyOf), never an id or an email. A secret: a billing key is usable
   * with it (https://docs.tosspayments.com/guides/v2/billing/integration), so it is loaded only
   * where asked for and never logged.
   */
  @Column({ name: 'customer_key', type: 'uuid', nullable: true, unique: true, select: false })
  customerKey: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
