import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { FaultKind, FaultOperation } from './fault-rules';

/** A fault to inject into the emulated Toss API, global or aimed at one order / payment / billing key. */
@Entity('sandbox_faults')
export class SandboxFault {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 32 })
  kind: FaultKind;

  /** One of FAULT_OPERATIONS (fault-rules.ts); null: every operation. */
  @Column({ type: 'varchar', length: 32, nullable: true })
  operation: FaultOperation | null;

  @Column({ name: 'order_id', type: 'varchar', length: 64, nullable: true })
  orderId: string | null;

  @Column({ name: 'payment_key', type: 'varchar', length: 200, nullable: true })
  paymentKey: string | null;

  /** Requests that name this billing key (charge, delete). */
  @Column({ name: 'billing_key', type: 'varchar', length: 200, nullable: true })
  billingKey: string | null;

  @Column({ name: 'latency_ms', type: 'int', nullable: true })
  latencyMs: number | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  code: string | null;

  @Column({ name: 'http_status', type: 'int', nullable: true })
  httpStatus: number | null;

  @Column({ type: 'varchar', length: 510, nullable: true })
  message: string | null;

  /** How many more requests it applies to; null: until cleared. */
  @Column({ type: 'int', nullable: true })
  remaining: number | null;

  @Column({ type: 'int', default: 0 })
  applied: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
