import { MigrationInterface, QueryRunner } from 'typeorm';

/** Toss's tax-free part, VAT and supplied value of a payment, and the receipt issued with it. */
export class PaymentTaxAmounts1796700000200 implements MigrationInterface {
  name = 'PaymentTaxAmounts1796700000200';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "payments" ADD "tax_free_amount" bigint NOT NULL DEFAULT '0'`,
    );
    await queryRunner.query(`ALTER TABLE "payments" ADD "vat" bigint`);
    await queryRunner.query(`ALTER TABLE "payments" ADD "supplied_amount" bigint`);
    await queryRunner.query(`ALTER TABLE "payments" ADD "cash_receipt" jsonb`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "payments" DROP COLUMN "cash_receipt"`);
    await queryRunner.query(`ALTER TABLE "payments" DROP COLUMN "supplied_amount"`);
    await queryRunner.query(`ALTER TABLE "payments" DROP COLUMN "vat"`);
    await queryRunner.query(`ALTER TABLE "payments" DROP COLUMN "tax_free_amount"`);
  }
}
