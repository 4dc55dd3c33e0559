import { MigrationInterface, QueryRunner } from 'typeorm';

export class AddReconcilerIndexes1795746495696 implements MigrationInterface {
  name = 'AddReconcilerIndexes1795746495696';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE INDEX "IDX_orders_pending_expires" ON "orders" ("expires_at")
            WHERE "status" = 'PENDING'
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            DROP INDEX "public"."IDX_orders_pending_expires"
        `);
  }
}
