import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Recurring payments (자동결제): billing authentications and the keys issued from them, payments
 * charged with a key (type BILLING), faults aimed at a key, and BILLING_DELETED webhooks (no order).
 */
export class TossSandboxBilling1795800000200 implements MigrationInterface {
  name = 'TossSandboxBilling1795800000200';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "toss_sandbox"."sandbox_billings" (
                "auth_key" character varying(300) NOT NULL,
                "customer_key" character varying(300) NOT NULL,
                "card" jsonb NOT NULL,
                "authenticated_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "auth_expires_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "billing_key" character varying(200),
                "issued_at" TIMESTAMP WITH TIME ZONE,
                "deleted_at" TIMESTAMP WITH TIME ZONE,
                "delete_reason" character varying(200),
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_4a090b582ecde2b89b5ed137afd" PRIMARY KEY ("auth_key")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_sandbox_billings_customer" ON "toss_sandbox"."sandbox_billings" ("customer_key")
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "UQ_sandbox_billings_billing_key" ON "toss_sandbox"."sandbox_billings" ("billing_key")
        `);
    await queryRunner.query(`
            ALTER TABLE "toss_sandbox"."sandbox_faults" ADD "billing_key" character varying(200)
        `);
    await queryRunner.query(`
            ALTER TABLE "toss_sandbox"."sandbox_payments" ADD "type" character varying(16) NOT NULL DEFAULT 'NORMAL'
        `);
    await queryRunner.query(`
            ALTER TABLE "toss_sandbox"."sandbox_payments" ADD "billing_key" character varying(200)
        `);
    await queryRunner.query(`
            ALTER TABLE "toss_sandbox"."sandbox_webhook_deliveries" ADD "billing_key" character varying(200)
        `);
    await queryRunner.query(`
            ALTER TABLE "toss_sandbox"."sandbox_webhook_deliveries" ALTER COLUMN "order_id" DROP NOT NULL
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_sandbox_payments_billing_key" ON "toss_sandbox"."sandbox_payments" ("billing_key")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_sandbox_webhook_deliveries_billing_key" ON "toss_sandbox"."sandbox_webhook_deliveries" ("billing_key")
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            DROP INDEX "toss_sandbox"."IDX_sandbox_webhook_deliveries_billing_key"
        `);
    await queryRunner.query(`
            DROP INDEX "toss_sandbox"."IDX_sandbox_payments_billing_key"
        `);
    // BILLING_DELETED deliveries have no order: they go before the column is required again.
    await queryRunner.query(`
            DELETE FROM "toss_sandbox"."sandbox_webhook_deliveries" WHERE "order_id" IS NULL
        `);
    await queryRunner.query(`
            ALTER TABLE "toss_sandbox"."sandbox_webhook_deliveries" ALTER COLUMN "order_id" SET NOT NULL
        `);
    await queryRunner.query(`
            ALTER TABLE "toss_sandbox"."sandbox_webhook_deliveries" DROP COLUMN "billing_key"
        `);
    await queryRunner.query(`
            ALTER TABLE "toss_sandbox"."sandbox_payments" DROP COLUMN "billing_key"
        `);
    await queryRunner.query(`
            ALTER TABLE "toss_sandbox"."sandbox_payments" DROP COLUMN "type"
        `);
    await queryRunner.query(`
            ALTER TABLE "toss_sandbox"."sandbox_faults" DROP COLUMN "billing_key"
        `);
    await queryRunner.query(`
            DROP INDEX "toss_sandbox"."UQ_sandbox_billings_billing_key"
        `);
    await queryRunner.query(`
            DROP INDEX "toss_sandbox"."IDX_sandbox_billings_customer"
        `);
    await queryRunner.query(`
            DROP TABLE "toss_sandbox"."sandbox_billings"
        `);
  }
}
