import { MigrationInterface, QueryRunner } from 'typeorm';

export class BillingKeys1796603155660 implements MigrationInterface {
  name = 'BillingKeys1796603155660';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "billing_keys" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "user_id" uuid NOT NULL,
                "customer_key" character varying(300) NOT NULL,
                "key_id" character varying(16) NOT NULL,
                "ciphertext" bytea NOT NULL,
                "iv" bytea NOT NULL,
                "tag" bytea NOT NULL,
                "lookup_hash" bytea NOT NULL,
                "issuer_code" character varying(8),
                "acquirer_code" character varying(8),
                "masked_number" character varying(32),
                "card_type" character varying(16),
                "owner_type" character varying(16),
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "deleted_at" TIMESTAMP WITH TIME ZONE,
                "deleted_reason" character varying(200),
                CONSTRAINT "PK_7268c353852c37a67df30ad5a80" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "UQ_billing_keys_lookup_hash" ON "billing_keys" ("lookup_hash")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_billing_keys_user_active" ON "billing_keys" ("user_id", "created_at")
            WHERE "deleted_at" IS NULL
        `);
    await queryRunner.query(`
            ALTER TABLE "users"
            ADD "customer_key" uuid
        `);
    await queryRunner.query(`
            ALTER TABLE "users"
            ADD CONSTRAINT "UQ_a35fa9d70066e61d6b3c626150d" UNIQUE ("customer_key")
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "users" DROP CONSTRAINT "UQ_a35fa9d70066e61d6b3c626150d"
        `);
    await queryRunner.query(`
            ALTER TABLE "users" DROP COLUMN "customer_key"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_billing_keys_user_active"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."UQ_billing_keys_lookup_hash"
        `);
    await queryRunner.query(`
            DROP TABLE "billing_keys"
        `);
  }
}
