import { randomUUID } from 'node:crypto';
import TestAgent from 'supertest/lib/agent';

export interface CreatedProduct {
  id: string;
  name: string;
  price: number;
  currency: string;
  description?: string;
  active: boolean;
  taxClass: 'TAXABLE' | 'TAX_FREE';
  createdAt: string;
  updatedAt: string;
}

/** A new active product with a unique name, made by an admin. */
export async function createProduct(
  http: TestAgent,
  adminAuth: { Authorization: string },
  fields: {
    name?: string;
    price?: number;
    description?: string;
    taxClass?: 'TAXABLE' | 'TAX_FREE';
  } = {},
): Promise<CreatedProduct> {
  const res = await http
    .post('/api/v1/products')
    .set(adminAuth)
    .send({ name: `p-${randomUUID().slice(0, 8)}`, price: 1000, ...fields })
    .expect(201);
  return res.body;
}
