import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** Every call the emulated Toss API received, so tests can assert "Toss was called N times". */
@Entity('sandbox_requests')
@Index('IDX_sandbox_requests_order', ['orderId'])
@Index('IDX_sandbox_requests_payment', ['paymentKey'])
export class SandboxRequest {
  @PrimaryGeneratedColumn('identity', { type: 'bigint' })
  id: string;

  /** confirm | cancel | get | issue-virtual-account */
  @Column({ type: 'varchar', length: 32 })
  operation: string;

  @Column({ name: 'order_id', type: 'varchar', length: 64, nullable: true })
  orderId: string | null;

  @Column({ name: 'payment_key', type: 'varchar', length: 200, nullable: true })
  paymentKey: string | null;

  @CreateDateColumn({ name: 'received_at', type: 'timestamptz' })
  receivedAt: Date;
}
