import { randomUUID } from 'node:crypto';
import { admin, customer, SignedIn } from '../factories/auth.factory';
import { seedProducts } from '../factories/catalogue.factory';
import { expectErrorBody, invalidFields, ISO_TIMESTAMP, UUID_V4 } from '../factories/http.factory';
import { createProduct } from '../factories/product.factory';
import { startTestApp, TestApp } from '../setup/test-app';

describe('products (e2e)', () => {
  let t: TestApp;
  let boss: SignedIn;
  let kim: SignedIn;

  beforeAll(async () => {
    t = await startTestApp();
    boss = await admin(t.http);
    kim = await customer(t.http);
  });
  afterAll(() => t.close());

  describe('GET /api/v1/products', () => {
    it('serves the seed catalogue first, oldest first, as a page of full products', async () => {
      const res = await t.http.get('/api/v1/products').expect(200);
      expect(res.body).toMatchObject({ page: 1, limit: 20, total: expect.any(Number) });
      expect(
        res.body.items.slice(0, 5).map((p: { name: string; price: number }) => [p.name, p.price]),
      ).toEqual([
        ['상품1', 5000],
        ['상품2', 10000],
        ['상품3', 15000],
        ['테스트', 100],
        ['도서', 3000],
      ]);
      for (const { description, ...product } of res.body.items) {
        expect(typeof (description ?? '')).toBe('string');
        expect(product).toEqual({
          id: expect.any(String),
          name: expect.any(String),
          price: expect.any(Number),
          currency: 'KRW',
          active: true,
          taxClass: expect.stringMatching(/^(TAXABLE|TAX_FREE)$/),
          createdAt: expect.stringMatching(ISO_TIMESTAMP),
          updatedAt: expect.stringMatching(ISO_TIMESTAMP),
        });
        expect(Number.isInteger(product.price)).toBe(true);
      }
      expect(res.body.items[3]).toHaveProperty('description', '결제 테스트용 100원 상품');
      expect(res.body.items[0]).not.toHaveProperty('description');
    });

    it('shows each product’s tax class: the four first seed products taxable, 도서 tax-free (면세)', async () => {
      const res = await t.http.get('/api/v1/products?limit=5').expect(200);
      expect(
        res.body.items.map((p: { name: string; taxClass: string }) => [p.name, p.taxClass]),
      ).toEqual([
        ['상품1', 'TAXABLE'],
        ['상품2', 'TAXABLE'],
        ['상품3', 'TAXABLE'],
        ['테스트', 'TAXABLE'],
        ['도서', 'TAX_FREE'],
      ]);
      // The same id in every database, so that docs and scripts can name it.
      expect(res.body.items[4]).toMatchObject({
        id: 'b00c5e7d-3f2a-4d61-9e8b-7a4c2f1d0e35',
        price: 3000,
        description: expect.stringContaining('면세'),
      });
    });

    it('needs no token', async () => {
      await t.http.get('/api/v1/products').set('Authorization', 'Bearer junk').expect(200);
    });

    it('pages with page and limit, and reports the total', async () => {
      const all = await t.http.get('/api/v1/products?limit=100').expect(200);
      const total = all.body.total as number;
      expect(all.body.items).toHaveLength(total);

      const second = await t.http.get('/api/v1/products?page=2&limit=2').expect(200);
      expect(second.body).toMatchObject({ page: 2, limit: 2, total });
      expect(second.body.items.map((p: { id: string }) => p.id)).toEqual(
        all.body.items.slice(2, 4).map((p: { id: string }) => p.id),
      );

      const beyond = await t.http.get(`/api/v1/products?page=${total + 1}&limit=1`).expect(200);
      expect(beyond.body).toEqual({ items: [], page: total + 1, limit: 1, total });
    });

    it.each(['1', '100'])('accepts limit=%s', async (limit) => {
      const res = await t.http.get(`/api/v1/products?limit=${limit}`).expect(200);
      expect(res.body.limit).toBe(Number(limit));
      expect(res.body.items.length).toBeLessThanOrEqual(Number(limit));
    });

    it.each([
      ['limit=0', 'limit'],
      ['limit=101', 'limit'],
      ['limit=-1', 'limit'],
      ['limit=abc', 'limit'],
      ['limit=1.5', 'limit'],
      ['limit=', 'limit'],
      ['limit=1&limit=2', 'limit'],
      ['limit=99999999999999999999999', 'limit'],
      ['page=0', 'page'],
      ['page=-3', 'page'],
      ['page=x', 'page'],
      ['page=2.5', 'page'],
      ['page=1e400', 'page'],
      ['active=false', 'active'],
      ['sort=price', 'sort'],
    ])('refuses ?%s with 400 VALIDATION_ERROR', async (query, field) => {
      const res = await t.http.get(`/api/v1/products?${query}`).expect(400);
      expectErrorBody(res, 400, 'VALIDATION_ERROR');
      expect(invalidFields(res)).toContain(field);
    });
  });

  describe('GET /api/v1/products/:id', () => {
    it('answers the product as the list shows it', async () => {
      const seed = await seedProducts(t.http);
      const res = await t.http.get(`/api/v1/products/${seed['상품2'].id}`).expect(200);
      expect(res.body).toEqual(seed['상품2']);
    });

    it.each([
      ['an unknown UUID', randomUUID()],
      ['a number', '1'],
      ['a word', 'abc'],
      ['an almost-UUID', '0d9c7a2e-61e1-4bb6-9d55-3f1f0a4a2b7'],
      ['SQL', encodeURIComponent("1' OR '1'='1")],
      ['a NUL character', '%00'],
      ['100 characters', 'x'.repeat(100)],
    ])('answers 404 PRODUCT_NOT_FOUND for %s', async (_, id) => {
      const res = await t.http.get(`/api/v1/products/${id}`).expect(404);
      expectErrorBody(res, 404, 'PRODUCT_NOT_FOUND');
    });
  });

  describe('POST /api/v1/products', () => {
    it('lets an admin add a product: 201, KRW, active, then listed and readable', async () => {
      const res = await t.http
        .post('/api/v1/products')
        .set(boss.auth)
        .send({ name: '  새 상품  ', price: 12345, description: '설명' })
        .expect(201);
      expect(res.body).toEqual({
        id: expect.stringMatching(UUID_V4),
        name: '새 상품',
        price: 12345,
        currency: 'KRW',
        description: '설명',
        active: true,
        taxClass: 'TAXABLE',
        createdAt: expect.stringMatching(ISO_TIMESTAMP),
        updatedAt: expect.stringMatching(ISO_TIMESTAMP),
      });
      await expect(
        t.http.get(`/api/v1/products/${res.body.id}`).expect(200),
      ).resolves.toHaveProperty('body', res.body);
      const list = await t.http.get('/api/v1/products?limit=100').expect(200);
      expect(list.body.items).toContainEqual(res.body);
    });

    it('lets an admin add a tax-free product (면세): answered, readable and listed with its class', async () => {
      const res = await t.http
        .post('/api/v1/products')
        .set(boss.auth)
        .send({ name: '유기농 사과', price: 4000, taxClass: 'TAX_FREE' })
        .expect(201);
      expect(res.body).toMatchObject({ name: '유기농 사과', price: 4000, taxClass: 'TAX_FREE' });
      const read = await t.http.get(`/api/v1/products/${res.body.id}`).expect(200);
      expect(read.body).toEqual(res.body);
      const list = await t.http.get('/api/v1/products?limit=100').expect(200);
      expect(list.body.items).toContainEqual(res.body);
    });

    it.each([
      ['the lowest price (1)', { price: 1 }],
      ['the highest price (100,000,000)', { price: 100_000_000 }],
      ['a name of 100 characters', { name: '상'.repeat(100) }],
      ['a description of 2000 characters', { description: 'd'.repeat(2000) }],
      ['no description', {}],
      ['taxClass TAXABLE given', { taxClass: 'TAXABLE' }],
      ['taxClass TAX_FREE', { taxClass: 'TAX_FREE' }],
    ])('accepts %s', async (_, fields) => {
      const res = await t.http
        .post('/api/v1/products')
        .set(boss.auth)
        .send({ name: 'boundary', price: 500, ...fields })
        .expect(201);
      expect(res.body).toMatchObject(fields);
    });

    it('takes description: null as no description (201, none stored), as the served schema says', async () => {
      const res = await t.http
        .post('/api/v1/products')
        .set(boss.auth)
        .send({ name: 'no description', price: 700, description: null })
        .expect(201);
      expect(res.body).not.toHaveProperty('description');
      const read = await t.http.get(`/api/v1/products/${res.body.id}`).expect(200);
      expect(read.body).not.toHaveProperty('description');
      const doc = (await t.http.get('/docs-json').expect(200)).body;
      for (const dto of ['CreateProductDto', 'UpdateProductDto']) {
        expect(doc.components.schemas[dto].properties.description).toMatchObject({
          type: 'string',
          nullable: true,
        });
      }
      expect(doc.components.schemas.ProductResponseDto.properties.description).not.toHaveProperty(
        'nullable',
      );
      expect(doc.components.schemas.ProductResponseDto.required).not.toContain('description');
    });

    it.each([
      ['price 0', { price: 0 }, 'price'],
      ['price -1', { price: -1 }, 'price'],
      ['price 100,000,001', { price: 100_000_001 }, 'price'],
      ['a fractional price', { price: 1000.5 }, 'price'],
      ['a price as a string', { price: '5000' }, 'price'],
      ['a price of 1e20', { price: 1e20 }, 'price'],
      ['a price of null', { price: null }, 'price'],
      ['a price of true', { price: true }, 'price'],
      ['no price', { price: undefined }, 'price'],
      ['no name', { name: undefined }, 'name'],
      ['an empty name', { name: '' }, 'name'],
      ['a blank name', { name: '   ' }, 'name'],
      ['a name of 101 characters', { name: 'n'.repeat(101) }, 'name'],
      ['a name as a number', { name: 7 }, 'name'],
      ['a name as an array', { name: ['a'] }, 'name'],
      ['a name with a NUL character', { name: 'a\u0000b' }, 'name'],
      ['a description of 2001 characters', { description: 'd'.repeat(2001) }, 'description'],
      ['a description as a number', { description: 5 }, 'description'],
      ['a description with a NUL character', { description: 'x\u0000' }, 'description'],
      ['a currency (the server sets KRW)', { currency: 'USD' }, 'currency'],
      ['active (products start active)', { active: false }, 'active'],
      ['an id', { id: randomUUID() }, 'id'],
      ['an unknown tax class', { taxClass: 'ZERO_RATED' }, 'taxClass'],
      ['a lower-case tax class', { taxClass: 'tax_free' }, 'taxClass'],
      ['a tax class of null', { taxClass: null }, 'taxClass'],
      ['a tax class as a number', { taxClass: 1 }, 'taxClass'],
      ['a tax class as an array', { taxClass: ['TAX_FREE'] }, 'taxClass'],
    ])('refuses %s with 400 VALIDATION_ERROR', async (_, fields, field) => {
      const name = `refused-${randomUUID()}`;
      const res = await t.http
        .post('/api/v1/products')
        .set(boss.auth)
        .send({ name, price: 500, ...fields })
        .expect(400);
      expectErrorBody(res, 400, 'VALIDATION_ERROR');
      expect(invalidFields(res)).toContain(field);
      const list = await t.http.get('/api/v1/products?limit=100').expect(200);
      expect(list.body.items.map((p: { name: string }) => p.name)).not.toContain(name);
    });

    it('answers 403 FORBIDDEN to a customer and 401 UNAUTHORIZED without a token; nothing is created', async () => {
      const name = `forbidden-${randomUUID()}`;
      const asCustomer = await t.http
        .post('/api/v1/products')
        .set(kim.auth)
        .send({ name, price: 100 })
        .expect(403);
      expectErrorBody(asCustomer, 403, 'FORBIDDEN');
      const anonymous = await t.http
        .post('/api/v1/products')
        .send({ name, price: 100 })
        .expect(401);
      expectErrorBody(anonymous, 401, 'UNAUTHORIZED');
      const badToken = await t.http
        .post('/api/v1/products')
        .set('Authorization', 'Bearer x.y.z')
        .send({ name, price: 100 })
        .expect(401);
      expectErrorBody(badToken, 401, 'UNAUTHORIZED');
      const list = await t.http.get('/api/v1/products?limit=100').expect(200);
      expect(list.body.items.map((p: { name: string }) => p.name)).not.toContain(name);
    });
  });

  describe('the served schema', () => {
    it('names the tax class enum TaxClass wherever a product has one', async () => {
      const doc = (await t.http.get('/docs-json').expect(200)).body;
      expect(doc.components.schemas.TaxClass).toMatchObject({
        type: 'string',
        enum: ['TAXABLE', 'TAX_FREE'],
      });
      const ref = { $ref: '#/components/schemas/TaxClass' };
      for (const dto of ['CreateProductDto', 'UpdateProductDto', 'ProductResponseDto']) {
        expect(JSON.stringify(doc.components.schemas[dto].properties.taxClass)).toContain(ref.$ref);
      }
      expect(doc.components.schemas.ProductResponseDto.required).toContain('taxClass');
      expect(doc.components.schemas.CreateProductDto.required ?? []).not.toContain('taxClass');
    });
  });

  describe('PATCH /api/v1/products/:id', () => {
    it('changes only the fields sent and answers the product', async () => {
      const product = await createProduct(t.http, boss.auth, {
        price: 2000,
        description: 'before',
      });
      const res = await t.http
        .patch(`/api/v1/products/${product.id}`)
        .set(boss.auth)
        .send({ price: 2500 })
        .expect(200);
      expect(res.body).toEqual({
        ...product,
        price: 2500,
        updatedAt: expect.stringMatching(ISO_TIMESTAMP),
      });
      expect(Date.parse(res.body.updatedAt)).toBeGreaterThanOrEqual(Date.parse(product.updatedAt));
      const renamed = await t.http
        .patch(`/api/v1/products/${product.id}`)
        .set(boss.auth)
        .send({ name: '이름 바꿈', description: 'after' })
        .expect(200);
      expect(renamed.body).toMatchObject({ name: '이름 바꿈', description: 'after', price: 2500 });
      await expect(
        t.http.get(`/api/v1/products/${product.id}`).expect(200),
      ).resolves.toHaveProperty('body', renamed.body);
    });

    it('changes the tax class both ways; an order placed before keeps the class it was placed with', async () => {
      const product = await createProduct(t.http, boss.auth, { price: 2000 });
      expect(product.taxClass).toBe('TAXABLE');
      const before = await t.http
        .post('/api/v1/orders')
        .set(kim.auth)
        .send({ items: [{ productId: product.id, quantity: 1 }] })
        .expect(201);
      const free = await t.http
        .patch(`/api/v1/products/${product.id}`)
        .set(boss.auth)
        .send({ taxClass: 'TAX_FREE' })
        .expect(200);
      expect(free.body).toEqual({
        ...product,
        taxClass: 'TAX_FREE',
        updatedAt: expect.stringMatching(ISO_TIMESTAMP),
      });
      const after = await t.http
        .post('/api/v1/orders')
        .set(kim.auth)
        .send({ items: [{ productId: product.id, quantity: 1 }] })
        .expect(201);
      expect(after.body).toMatchObject({ taxFreeAmount: 2000, items: [{ taxClass: 'TAX_FREE' }] });
      const kept = await t.http
        .get(`/api/v1/orders/${before.body.orderId}`)
        .set(kim.auth)
        .expect(200);
      expect(kept.body).toMatchObject({ taxFreeAmount: 0, items: [{ taxClass: 'TAXABLE' }] });
      const back = await t.http
        .patch(`/api/v1/products/${product.id}`)
        .set(boss.auth)
        .send({ price: 2100, taxClass: 'TAXABLE' })
        .expect(200);
      expect(back.body).toMatchObject({ price: 2100, taxClass: 'TAXABLE' });
    });

    it('clears the description with null', async () => {
      const product = await createProduct(t.http, boss.auth, { description: 'to be cleared' });
      const res = await t.http
        .patch(`/api/v1/products/${product.id}`)
        .set(boss.auth)
        .send({ description: null })
        .expect(200);
      expect(res.body).not.toHaveProperty('description');
    });

    it('hides a product with active: false and shows it again with active: true', async () => {
      const product = await createProduct(t.http, boss.auth);
      const off = await t.http
        .patch(`/api/v1/products/${product.id}`)
        .set(boss.auth)
        .send({ active: false })
        .expect(200);
      expect(off.body.active).toBe(false);
      expectErrorBody(
        await t.http.get(`/api/v1/products/${product.id}`).expect(404),
        404,
        'PRODUCT_NOT_FOUND',
      );
      const on = await t.http
        .patch(`/api/v1/products/${product.id}`)
        .set(boss.auth)
        .send({ active: true })
        .expect(200);
      expect(on.body.active).toBe(true);
      await t.http.get(`/api/v1/products/${product.id}`).expect(200);
    });

    it.each([
      ['price 0', { price: 0 }, 'price'],
      ['price 100,000,001', { price: 100_000_001 }, 'price'],
      ['a price as a string', { price: '100' }, 'price'],
      ['a price of null', { price: null }, 'price'],
      ['a name of null', { name: null }, 'name'],
      ['an empty name', { name: '' }, 'name'],
      ['a name with a NUL character', { name: '\u0000' }, 'name'],
      ['active as a string', { active: 'false' }, 'active'],
      ['active as a number', { active: 0 }, 'active'],
      ['active of null', { active: null }, 'active'],
      ['a description of 2001 characters', { description: 'd'.repeat(2001) }, 'description'],
      ['an unknown field', { stock: 3 }, 'stock'],
      ['a currency', { currency: 'USD' }, 'currency'],
      ['an unknown tax class', { taxClass: 'EXEMPT' }, 'taxClass'],
      ['a tax class of null', { taxClass: null }, 'taxClass'],
      ['a tax class as a boolean', { taxClass: true }, 'taxClass'],
    ])('refuses %s with 400 VALIDATION_ERROR and changes nothing', async (_, fields, field) => {
      const product = await createProduct(t.http, boss.auth);
      const res = await t.http
        .patch(`/api/v1/products/${product.id}`)
        .set(boss.auth)
        .send(fields)
        .expect(400);
      expectErrorBody(res, 400, 'VALIDATION_ERROR');
      expect(invalidFields(res)).toContain(field);
      await expect(
        t.http.get(`/api/v1/products/${product.id}`).expect(200),
      ).resolves.toHaveProperty('body', product);
    });

    it.each([
      ['an unknown UUID', randomUUID()],
      ['a non-UUID id', 'not-a-uuid'],
    ])('answers 404 PRODUCT_NOT_FOUND for %s', async (_, id) => {
      const res = await t.http
        .patch(`/api/v1/products/${id}`)
        .set(boss.auth)
        .send({ price: 10 })
        .expect(404);
      expectErrorBody(res, 404, 'PRODUCT_NOT_FOUND');
    });

    it('answers 403 FORBIDDEN to a customer and 401 UNAUTHORIZED without a token; the price stays', async () => {
      const product = await createProduct(t.http, boss.auth, { price: 700 });
      expectErrorBody(
        await t.http
          .patch(`/api/v1/products/${product.id}`)
          .set(kim.auth)
          .send({ price: 1 })
          .expect(403),
        403,
        'FORBIDDEN',
      );
      expectErrorBody(
        await t.http.patch(`/api/v1/products/${product.id}`).send({ price: 1 }).expect(401),
        401,
        'UNAUTHORIZED',
      );
      const after = await t.http.get(`/api/v1/products/${product.id}`).expect(200);
      expect(after.body.price).toBe(700);
    });
  });

  describe('DELETE /api/v1/products/:id', () => {
    it('deactivates: 204 with no body, then hidden from list and detail, and not orderable', async () => {
      const product = await createProduct(t.http, boss.auth);
      const res = await t.http.delete(`/api/v1/products/${product.id}`).set(boss.auth).expect(204);
      expect(res.text).toBe('');

      expectErrorBody(
        await t.http.get(`/api/v1/products/${product.id}`).expect(404),
        404,
        'PRODUCT_NOT_FOUND',
      );
      const list = await t.http.get('/api/v1/products?limit=100').expect(200);
      expect(list.body.items.map((p: { id: string }) => p.id)).not.toContain(product.id);

      const order = await t.http
        .post('/api/v1/orders')
        .set(kim.auth)
        .send({ items: [{ productId: product.id, quantity: 1 }] })
        .expect(404);
      expectErrorBody(order, 404, 'PRODUCT_NOT_FOUND');
      expect(order.body.details).toEqual({ productIds: [product.id] });
    });

    it('keeps the row: an admin can still reactivate it, and a second delete is still 204', async () => {
      const product = await createProduct(t.http, boss.auth);
      await t.http.delete(`/api/v1/products/${product.id}`).set(boss.auth).expect(204);
      await t.http.delete(`/api/v1/products/${product.id}`).set(boss.auth).expect(204);
      const back = await t.http
        .patch(`/api/v1/products/${product.id}`)
        .set(boss.auth)
        .send({ active: true })
        .expect(200);
      expect(back.body).toMatchObject({
        id: product.id,
        name: product.name,
        price: product.price,
        active: true,
      });
    });

    it('answers 404 PRODUCT_NOT_FOUND for an unknown or malformed id', async () => {
      expectErrorBody(
        await t.http.delete(`/api/v1/products/${randomUUID()}`).set(boss.auth).expect(404),
        404,
        'PRODUCT_NOT_FOUND',
      );
      expectErrorBody(
        await t.http.delete('/api/v1/products/123').set(boss.auth).expect(404),
        404,
        'PRODUCT_NOT_FOUND',
      );
    });

    it('answers 403 FORBIDDEN to a customer and 401 UNAUTHORIZED without a token; the product stays', async () => {
      const product = await createProduct(t.http, boss.auth);
      expectErrorBody(
        await t.http.delete(`/api/v1/products/${product.id}`).set(kim.auth).expect(403),
        403,
        'FORBIDDEN',
      );
      expectErrorBody(
        await t.http.delete(`/api/v1/products/${product.id}`).expect(401),
        401,
        'UNAUTHORIZED',
      );
      await t.http.get(`/api/v1/products/${product.id}`).expect(200);
    });
  });

  describe('orders keep their snapshot', () => {
    it('an existing order keeps its name, unit price and amount after the product is repriced, renamed and deleted', async () => {
      const product = await createProduct(t.http, boss.auth, { name: '원래 이름', price: 3000 });
      const before = await t.http
        .post('/api/v1/orders')
        .set(kim.auth)
        .send({ items: [{ productId: product.id, quantity: 2 }] })
        .expect(201);

      await t.http
        .patch(`/api/v1/products/${product.id}`)
        .set(boss.auth)
        .send({ price: 9000, name: '새 이름' })
        .expect(200);
      const repriced = await t.http
        .post('/api/v1/orders')
        .set(kim.auth)
        .send({ items: [{ productId: product.id, quantity: 2 }] })
        .expect(201);
      expect(repriced.body).toMatchObject({
        amount: 18000,
        orderName: '새 이름',
        items: [{ unitPrice: 9000, name: '새 이름' }],
      });

      await t.http.delete(`/api/v1/products/${product.id}`).set(boss.auth).expect(204);
      const after = await t.http
        .get(`/api/v1/orders/${before.body.orderId}`)
        .set(kim.auth)
        .expect(200);
      expect(after.body).toEqual(before.body);
      expect(after.body).toMatchObject({
        amount: 6000,
        orderName: '원래 이름',
        items: [
          {
            productId: product.id,
            name: '원래 이름',
            unitPrice: 3000,
            quantity: 2,
            lineAmount: 6000,
          },
        ],
      });
    });
  });
});
