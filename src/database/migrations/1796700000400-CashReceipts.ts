import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Cash receipts requested after a payment, and their cancels following refunds
 * (src/cash-receipts): at most one active (REQUESTED or ISSUED) receipt per payment.
 */
export class CashReceipts1796700000400 implements MigrationInterface {
  name = 'CashReceipts1796700000400';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "cash_receipts" (
                "id" uuid NOT NULL,
                "payment_key" character varying(200) NOT NULL,
                "order_id" character varying(64) NOT NULL,
                "toss_order_id" character varying(64) NOT NULL,
                "type" character varying(8) NOT NULL,
                "identity_key_id" character varying(16) NOT NULL,
                "identity_ciphertext" bytea NOT NULL,
                "identity_iv" bytea NOT NULL,
                "identity_tag" bytea NOT NULL,
                "identity_hash" bytea NOT NULL,
                "identity_masked" character varying(32) NOT NULL,
                "amount" bigint NOT NULL,
                "tax_free_amount" bigint NOT NULL,
                "canceled_amount" bigint NOT NULL DEFAULT '0',
                "status" character varying(16) NOT NULL,
                "issue_status" character varying(16),
                "receipt_key" character varying(200),
                "issue_number" character varying(16),
                "receipt_url" character varying(500),
                "idempotency_key" character varying(300) NOT NULL,
                "failure_code" character varying(64),
                "failure_message" character varying(510),
                "next_check_at" TIMESTAMP WITH TIME ZONE,
                "check_count" integer NOT NULL DEFAULT '0',
                "requested_by" uuid NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "UQ_cash_receipts_toss_order_id" UNIQUE ("toss_order_id"),
                CONSTRAINT "UQ_cash_receipts_idempotency_key" UNIQUE ("idempotency_key"),
                CONSTRAINT "PK_7eea20f4ca01c7acbea74cdaf3a" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_cash_receipts_status_updated" ON "cash_receipts" ("status", "updated_at")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_cash_receipts_payment" ON "cash_receipts" ("payment_key", "created_at")
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "UQ_cash_receipts_active" ON "cash_receipts" ("payment_key")
            WHERE "status" IN ('REQUESTED', 'ISSUED')
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_cash_receipts_outcome_due" ON "cash_receipts" ("next_check_at")
            WHERE "status" = 'ISSUED' AND "issue_status" = 'IN_PROGRESS'
        `);
    await queryRunner.query(`
            CREATE TABLE "cash_receipt_cancels" (
                "id" uuid NOT NULL,
                "receipt_id" uuid NOT NULL,
                "refund_id" uuid NOT NULL,
                "amount" bigint NOT NULL,
                "tax_free_amount" bigint NOT NULL,
                "idempotency_key" character varying(300) NOT NULL,
                "status" character varying(16) NOT NULL,
                "cancel_receipt_key" character varying(200),
                "failure_code" character varying(64),
                "failure_message" character varying(510),
                "next_check_at" TIMESTAMP WITH TIME ZONE,
                "check_count" integer NOT NULL DEFAULT '0',
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "UQ_cash_receipt_cancels_idempotency_key" UNIQUE ("idempotency_key"),
                CONSTRAINT "UQ_cash_receipt_cancels_refund" UNIQUE ("refund_id"),
                CONSTRAINT "PK_61d213b7fc6fc09b1a7de1fa0bc" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_cash_receipt_cancels_status_updated" ON "cash_receipt_cancels" ("status", "updated_at")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_cash_receipt_cancels_receipt" ON "cash_receipt_cancels" ("receipt_id", "created_at")
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_cash_receipt_cancels_receipt"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_cash_receipt_cancels_status_updated"`);
    await queryRunner.query(`DROP TABLE "cash_receipt_cancels"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_cash_receipts_outcome_due"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_cash_receipts_active"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_cash_receipts_payment"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_cash_receipts_status_updated"`);
    await queryRunner.query(`DROP TABLE "cash_receipts"`);
  }
}
