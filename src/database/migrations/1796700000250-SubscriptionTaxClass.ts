import { MigrationInterface, QueryRunner } from 'typeorm';

/** A subscription keeps its plan's tax class; each charge its tax-free part, stored before the call. */
export class SubscriptionTaxClass1796700000250 implements MigrationInterface {
  name = 'SubscriptionTaxClass1796700000250';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "subscriptions" ADD "tax_class" character varying(16) NOT NULL DEFAULT 'TAXABLE'`,
    );
    await queryRunner.query(
      `ALTER TABLE "subscription_charges" ADD "tax_free_amount" bigint NOT NULL DEFAULT '0'`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "subscription_charges" DROP COLUMN "tax_free_amount"`);
    await queryRunner.query(`ALTER TABLE "subscriptions" DROP COLUMN "tax_class"`);
  }
}
