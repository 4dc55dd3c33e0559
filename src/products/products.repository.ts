import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable } from '@nestjs/common';
import { Product } from './product.entity';
import type { TaxClass } from './tax-class';

const PRODUCT_COLUMNS =
  'id, name, price, currency, description, active, tax_class, created_at, updated_at';

interface ProductRow {
  id: string;
  name: string;
  price: number;
  currency: string;
  description: string | null;
  active: boolean;
  tax_class: TaxClass;
  created_at: Date;
  updated_at: Date;
}

function productFromRow(row: ProductRow): Product {
  return Object.assign(new Product(), {
    id: row.id,
    name: row.name,
    price: row.price,
    currency: row.currency,
    description: row.description,
    active: row.active,
    taxClass: row.tax_class,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  });
}

@Injectable()
export class ProductsRepository {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  private get repo() {
    return this.txHost.tx.getRepository(Product);
  }

  /**
   * One page of the catalogue and the total in one statement (the catalogue is the most-read page;
   * this halves its round trips). A page past the end has no row to carry the total: count then.
   */
  async findActivePage(skip: number, take: number): Promise<[Product[], number]> {
    const rows: (ProductRow & { total: number })[] = await this.repo.query(
      `SELECT ${PRODUCT_COLUMNS}, count(*) OVER ()::int AS total FROM products WHERE active ORDER BY created_at, id LIMIT $1 OFFSET $2`,
      [take, skip],
    );
    if (rows.length === 0 && skip > 0) return [[], await this.repo.countBy({ active: true })];
    return [rows.map(productFromRow), rows[0]?.total ?? 0];
  }

  findById(id: string): Promise<Product | null> {
    return this.repo.findOneBy({ id });
  }

  async findActiveByIds(ids: string[]): Promise<Product[]> {
    const rows: ProductRow[] = await this.repo.query(
      `SELECT ${PRODUCT_COLUMNS} FROM products WHERE id = ANY($1::uuid[]) AND active`,
      [ids],
    );
    return rows.map(productFromRow);
  }

  save(product: Partial<Product>): Promise<Product> {
    return this.repo.save(this.repo.create(product));
  }
}
