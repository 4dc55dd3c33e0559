import { MigrationInterface, QueryRunner } from 'typeorm';

/** The seed catalogue every fresh database starts with (docs/api.md, Products). */
export class SeedCatalogue1795735506200 implements MigrationInterface {
  name = 'SeedCatalogue1795735506200';

  public async up(queryRunner: QueryRunner): Promise<void> {
    // Staggered created_at keeps the catalogue's order (oldest first) stable.
    await queryRunner.query(`
      INSERT INTO "products" ("name", "price", "currency", "description", "active", "created_at", "updated_at") VALUES
        ('상품1', 5000, 'KRW', NULL, true, now() - interval '3 seconds', now()),
        ('상품2', 10000, 'KRW', NULL, true, now() - interval '2 seconds', now()),
        ('상품3', 15000, 'KRW', NULL, true, now() - interval '1 second', now()),
        ('테스트', 100, 'KRW', '결제 테스트용 100원 상품', true, now(), now())
    `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      DELETE FROM "products" p
      WHERE p."name" IN ('상품1', '상품2', '상품3', '테스트')
        AND NOT EXISTS (SELECT 1 FROM "order_items" i WHERE i."product_id" = p."id")
    `);
  }
}
