import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Sandbox-wide settings shared by every instance on the database (e.g. the clock offset). */
@Entity('sandbox_settings')
export class SandboxSetting {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  key: string;

  @Column({ type: 'jsonb' })
  value: unknown;
}
