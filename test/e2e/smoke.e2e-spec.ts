import { customer } from '../factories/auth.factory';
import { seedProducts } from '../factories/catalogue.factory';
import { startTestApp, TestApp } from '../setup/test-app';

describe('smoke', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('serves the seed catalogue and creates a server-priced order', async () => {
    const products = await seedProducts(t.http);
    expect(Object.keys(products).sort()).toEqual(['도서', '상품1', '상품2', '상품3', '테스트']);
    const kim = await customer(t.http);
    const res = await t.http
      .post('/api/v1/orders')
      .set(kim.auth)
      .send({
        items: [
          { productId: products['상품1'].id, quantity: 2 },
          { productId: products['상품3'].id, quantity: 1 },
        ],
      })
      .expect(201);
    expect(res.body).toMatchObject({
      amount: 25000,
      orderName: '상품1 외 1건',
      status: 'PENDING',
      currency: 'KRW',
    });
  });
});
