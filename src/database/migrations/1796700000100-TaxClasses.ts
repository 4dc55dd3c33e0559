import { MigrationInterface, QueryRunner } from 'typeorm';

/** The seed's tax-free product (도서, 3,000원), the same id in every database. */
const TAX_FREE_SEED_PRODUCT_ID = 'b00c5e7d-3f2a-4d61-9e8b-7a4c2f1d0e35';

/**
 * Tax classes (docs/toss.md, "Tax-free amounts"): products and plans are TAXABLE or TAX_FREE, an
 * order line keeps its product's class, and an order keeps the tax-free part of its amount. Rows
 * that exist are TAXABLE, as everything sold so far was. The seed catalogue gains one tax-free
 * product, so that a mixed order can be tried out at once.
 */
export class TaxClasses1796700000100 implements MigrationInterface {
  name = 'TaxClasses1796700000100';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "products" ADD "tax_class" character varying(16) NOT NULL DEFAULT 'TAXABLE'`,
    );
    await queryRunner.query(
      `ALTER TABLE "order_items" ADD "tax_class" character varying(16) NOT NULL DEFAULT 'TAXABLE'`,
    );
    await queryRunner.query(
      `ALTER TABLE "orders" ADD "tax_free_amount" bigint NOT NULL DEFAULT '0'`,
    );
    await queryRunner.query(
      `ALTER TABLE "plans" ADD "tax_class" character varying(16) NOT NULL DEFAULT 'TAXABLE'`,
    );
    // After the four seed products in the catalogue's order (oldest first): clock_timestamp() is
    // later than their now() even when every migration runs in one transaction.
    await queryRunner.query(`
      INSERT INTO "products" ("id", "name", "price", "currency", "description", "active", "tax_class", "created_at", "updated_at")
      VALUES ('${TAX_FREE_SEED_PRODUCT_ID}', '도서', 3000, 'KRW', '면세 상품 (책) · Tax-free book', true, 'TAX_FREE', clock_timestamp(), clock_timestamp())
      ON CONFLICT ("id") DO NOTHING
    `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      DELETE FROM "products" p
      WHERE p."id" = '${TAX_FREE_SEED_PRODUCT_ID}'
        AND NOT EXISTS (SELECT 1 FROM "order_items" i WHERE i."product_id" = p."id")
    `);
    await queryRunner.query(`ALTER TABLE "plans" DROP COLUMN "tax_class"`);
    await queryRunner.query(`ALTER TABLE "orders" DROP COLUMN "tax_free_amount"`);
    await queryRunner.query(`ALTER TABLE "order_items" DROP COLUMN "tax_class"`);
    await queryRunner.query(`ALTER TABLE "products" DROP COLUMN "tax_class"`);
  }
}
