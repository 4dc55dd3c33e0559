import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The Toss sandbox keeps its tables in its own schema (packages/toss-sandbox), created only where it
 * runs; the copies an older version made in this schema held test data only and go. A database that
 * never had them is left as it is. Nothing to restore on revert: the sandbox owns its schema now.
 */
export class DropSandboxTables1795800000000 implements MigrationInterface {
  name = 'DropSandboxTables1795800000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `DROP TABLE IF EXISTS "public"."sandbox_webhook_deliveries", "public"."sandbox_transactions", "public"."sandbox_settings", "public"."sandbox_requests", "public"."sandbox_payments", "public"."sandbox_idempotency_keys", "public"."sandbox_faults"`,
    );
  }

  public async down(): Promise<void> {}
}
