import { MigrationInterface, QueryRunner } from 'typeorm';

/** A refund's tax-free part, as asked of Toss, and the order lines it names (null: by amount). */
export class RefundTaxFree1796700000300 implements MigrationInterface {
  name = 'RefundTaxFree1796700000300';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "refunds" ADD "tax_free_amount" bigint NOT NULL DEFAULT '0'`,
    );
    await queryRunner.query(`ALTER TABLE "refunds" ADD "lines" jsonb`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "refunds" DROP COLUMN "lines"`);
    await queryRunner.query(`ALTER TABLE "refunds" DROP COLUMN "tax_free_amount"`);
  }
}
