import { Column, Entity, PrimaryColumn } from 'typeorm';

export type IdempotencyState = 'PROCESSING' | 'DONE';

/** Toss's Idempotency-Key store: one row per key + secret key + method + path (hashed together). */
@Entity('sandbox_idempotency_keys')
export class SandboxIdempotencyKey {
  /** sha256 of the scope, so neither the secret key nor the idempotency key is stored in clear. */
  @PrimaryColumn({ name: 'scope_hash', type: 'char', length: 64 })
  scopeHash: string;

  @Column({ type: 'varchar', length: 16 })
  state: IdempotencyState;

  @Column({ name: 'response_status', type: 'int', nullable: true })
  responseStatus: number | null;

  @Column({ name: 'response_body', type: 'jsonb', nullable: true })
  responseBody: object | null;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;

  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true })
  completedAt: Date | null;
}
