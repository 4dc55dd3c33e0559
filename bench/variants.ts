/**
 * Bench-only what-if patches, applied at run time to a built app so that a proposal can be measured
 * before anyone edits the code it lives in (`npm run bench -- --variant products-sql`).
 *
 *   products-sql  the catalogue page in one SQL statement (rows + count(*) OVER ()), no entity hydration
 */
import { INestApplication } from '@nestjs/common';
import type { Env } from '../src/config/env';
import { Product } from '../src/products/product.entity';
import { ProductsRepository } from '../src/products/products.repository';

type Row = Product & { total: number };

export function applyVariants(app: INestApplication, env: Env, variants: string | undefined): void {
  const names = new Set((variants ?? '').split(',').filter(Boolean));
  for (const name of names) {
    if (name !== 'products-sql') throw new Error(`unknown bench variant "${name}"`);
  }
  if (names.has('products-sql')) {
    const repository = app.get<ProductsRepository, { txHost: { tx: { query(sql: string, params: unknown[]): Promise<Row[]> } } }>(ProductsRepository, { strict: false });
    Object.assign(repository, {
      async findActivePage(skip: number, take: number): Promise<[Product[], number]> {
        const rows = await repository.txHost.tx.query(
          `SELECT id, name, price, currency, description, active, created_at AS "createdAt", updated_at AS "updatedAt", count(*) OVER ()::int AS total
             FROM products WHERE active ORDER BY created_at, id LIMIT $1 OFFSET $2`,
          [take, skip],
        );
        const products = rows.map(({ total: _total, ...row }) => Object.assign(new Product(), row));
        return [products, rows[0]?.total ?? 0];
      },
    });
  }
}
