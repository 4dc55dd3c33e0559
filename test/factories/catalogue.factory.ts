import TestAgent from 'supertest/lib/agent';

export interface SeedProduct {
  id: string;
  name: string;
  price: number;
  taxClass: 'TAXABLE' | 'TAX_FREE';
}

/** The seed catalogue by name (상품1, 상품2, 상품3, 테스트, and the tax-free 도서 at 3,000원). */
export async function seedProducts(http: TestAgent): Promise<Record<string, SeedProduct>> {
  const res = await http.get('/api/v1/products?limit=100').expect(200);
  return Object.fromEntries((res.body.items as SeedProduct[]).map((p) => [p.name, p]));
}

export async function createOrder(
  http: TestAgent,
  auth: { Authorization: string },
  items: { productId: string; quantity: number }[],
): Promise<{
  orderId: string;
  orderName: string;
  amount: number;
  taxFreeAmount: number;
  status: string;
}> {
  const res = await http.post('/api/v1/orders').set(auth).send({ items }).expect(201);
  return res.body;
}
