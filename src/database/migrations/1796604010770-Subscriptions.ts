import { MigrationInterface, QueryRunner } from 'typeorm';

export class Subscriptions1796604010770 implements MigrationInterface {
  name = 'Subscriptions1796604010770';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "plans" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "name" character varying(100) NOT NULL,
                "amount" bigint NOT NULL,
                "interval_unit" character varying(8) NOT NULL,
                "interval_count" integer NOT NULL,
                "trial_days" integer NOT NULL DEFAULT '0',
                "active" boolean NOT NULL DEFAULT true,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_3720521a81c7c24fe9b7202ba61" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "subscriptions" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "user_id" uuid NOT NULL,
                "plan_id" uuid NOT NULL,
                "card_id" uuid NOT NULL,
                "plan_name" character varying(100) NOT NULL,
                "amount" bigint NOT NULL,
                "interval_unit" character varying(8) NOT NULL,
                "interval_count" integer NOT NULL,
                "trial_days" integer NOT NULL,
                "status" character varying(16) NOT NULL,
                "anchor" TIMESTAMP WITH TIME ZONE NOT NULL,
                "period" integer NOT NULL,
                "attempt" integer NOT NULL,
                "next_charge_at" TIMESTAMP WITH TIME ZONE,
                "cancel_at_period_end" boolean NOT NULL DEFAULT false,
                "needs_new_card" boolean NOT NULL DEFAULT false,
                "retry_first_declined_at" TIMESTAMP WITH TIME ZONE,
                "retries_done" integer,
                "last_failure_code" character varying(64),
                "canceled_at" TIMESTAMP WITH TIME ZONE,
                "ended_at" TIMESTAMP WITH TIME ZONE,
                "claimed_until" TIMESTAMP WITH TIME ZONE,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_a87248d73155605cf782be9ee5e" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_subscriptions_due" ON "subscriptions" ("next_charge_at")
            WHERE "status" IN ('TRIALING', 'ACTIVE', 'PAST_DUE')
                AND "next_charge_at" IS NOT NULL
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_subscriptions_card" ON "subscriptions" ("card_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_subscriptions_user_created" ON "subscriptions" ("user_id", "created_at")
        `);
    await queryRunner.query(`
            CREATE TABLE "subscription_charges" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "subscription_id" uuid NOT NULL,
                "period" integer NOT NULL,
                "attempt" integer NOT NULL,
                "order_id" character varying(64) NOT NULL,
                "idempotency_key" character varying(300) NOT NULL,
                "amount" bigint NOT NULL,
                "card_id" uuid NOT NULL,
                "status" character varying(16) NOT NULL,
                "payment_key" character varying(200),
                "failure_code" character varying(64),
                "failure_message" character varying(510),
                "approved_at" TIMESTAMP WITH TIME ZONE,
                "next_check_at" TIMESTAMP WITH TIME ZONE,
                "check_count" integer NOT NULL DEFAULT '0',
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_3dce185069e15432f367bdc76d8" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_subscription_charges_in_progress" ON "subscription_charges" ("updated_at")
            WHERE "status" = 'IN_PROGRESS'
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "UQ_subscription_charges_order" ON "subscription_charges" ("order_id")
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "UQ_subscription_charges_attempt" ON "subscription_charges" ("subscription_id", "period", "attempt")
        `);
    await queryRunner.query(`
            ALTER TABLE "subscriptions"
            ADD CONSTRAINT "FK_d0a95ef8a28188364c546eb65c1" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "subscriptions"
            ADD CONSTRAINT "FK_e45fca5d912c3a2fab512ac25dc" FOREIGN KEY ("plan_id") REFERENCES "plans"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "subscription_charges"
            ADD CONSTRAINT "FK_c949b50558b897d6aa8085cb0c3" FOREIGN KEY ("subscription_id") REFERENCES "subscriptions"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "subscription_charges" DROP CONSTRAINT "FK_c949b50558b897d6aa8085cb0c3"
        `);
    await queryRunner.query(`
            ALTER TABLE "subscriptions" DROP CONSTRAINT "FK_e45fca5d912c3a2fab512ac25dc"
        `);
    await queryRunner.query(`
            ALTER TABLE "subscriptions" DROP CONSTRAINT "FK_d0a95ef8a28188364c546eb65c1"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."UQ_subscription_charges_attempt"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."UQ_subscription_charges_order"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_subscription_charges_in_progress"
        `);
    await queryRunner.query(`
            DROP TABLE "subscription_charges"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_subscriptions_user_created"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_subscriptions_card"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_subscriptions_due"
        `);
    await queryRunner.query(`
            DROP TABLE "subscriptions"
        `);
    await queryRunner.query(`
            DROP TABLE "plans"
        `);
  }
}
