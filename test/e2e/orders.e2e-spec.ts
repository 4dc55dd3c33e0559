import { randomUUID } from 'node:crypto';
import { ORDER_ID_PATTERN } from '../../src/common/ids';
import { admin, customer, SignedIn } from '../factories/auth.factory';
import { createOrder, SeedProduct, seedProducts } from '../factories/catalogue.factory';
import { expectErrorBody, invalidFields, ISO_TIMESTAMP, UUID_V4 } from '../factories/http.factory';
import { createProduct } from '../factories/product.factory';
import { startTestApp, TestApp } from '../setup/test-app';

const MINUTE = 60_000;

describe('orders (e2e)', () => {
  let t: TestApp;
  let boss: SignedIn;
  let kim: SignedIn;
  let lee: SignedIn;
  let products: Record<string, SeedProduct>;

  beforeAll(async () => {
    t = await startTestApp();
    [boss, kim, lee] = await Promise.all([
      admin(t.http),
      customer(t.http, '김고객'),
      customer(t.http, '이고객'),
    ]);
    products = await seedProducts(t.http);
  });
  afterAll(() => t.close());

  const line = (name: string, quantity = 1) => ({ productId: products[name].id, quantity });

  describe('POST /api/v1/orders', () => {
    it('creates a PENDING order priced by the server, with a UUID orderId, snapshots and an expiry', async () => {
      const before = Date.now();
      const res = await t.http
        .post('/api/v1/orders')
        .set(kim.auth)
        .send({ items: [line('상품2', 3), line('테스트', 1)] })
        .expect(201);
      const after = Date.now();

      expect(res.body).toEqual({
        orderId: expect.stringMatching(UUID_V4),
        orderName: '상품2 외 1건',
        amount: 30_100,
        taxFreeAmount: 0,
        currency: 'KRW',
        status: 'PENDING',
        items: [
          {
            position: 0,
            productId: products['상품2'].id,
            name: '상품2',
            unitPrice: 10_000,
            quantity: 3,
            lineAmount: 30_000,
            taxClass: 'TAXABLE',
          },
          {
            position: 1,
            productId: products['테스트'].id,
            name: '테스트',
            unitPrice: 100,
            quantity: 1,
            lineAmount: 100,
            taxClass: 'TAXABLE',
          },
        ],
        customer: { id: kim.id, email: kim.email, name: '김고객' },
        createdAt: expect.stringMatching(ISO_TIMESTAMP),
        expiresAt: expect.stringMatching(ISO_TIMESTAMP),
      });
      expect(res.body.orderId).toMatch(ORDER_ID_PATTERN);
      // ORDER_TTL_MINUTES defaults to 30.
      const expiresAt = Date.parse(res.body.expiresAt);
      expect(expiresAt).toBeGreaterThanOrEqual(before + 30 * MINUTE - 1000);
      expect(expiresAt).toBeLessThanOrEqual(after + 30 * MINUTE + 1000);
      expect(Date.parse(res.body.createdAt)).toBeGreaterThanOrEqual(before - 1000);
      expect(Date.parse(res.body.createdAt)).toBeLessThanOrEqual(after + 1000);
    });

    it('answers taxFreeAmount = the tax-free lines of a mixed order, each line with its position and class', async () => {
      const res = await t.http
        .post('/api/v1/orders')
        .set(kim.auth)
        .send({ items: [line('상품1', 2), line('도서', 3), line('테스트', 1)] })
        .expect(201);
      expect(res.body).toMatchObject({
        orderName: '상품1 외 2건',
        amount: 19_100,
        taxFreeAmount: 9000,
        items: [
          { position: 0, name: '상품1', lineAmount: 10_000, taxClass: 'TAXABLE' },
          { position: 1, name: '도서', unitPrice: 3000, lineAmount: 9000, taxClass: 'TAX_FREE' },
          { position: 2, name: '테스트', lineAmount: 100, taxClass: 'TAXABLE' },
        ],
      });
      const read = await t.http.get(`/api/v1/orders/${res.body.orderId}`).set(kim.auth).expect(200);
      expect(read.body).toEqual(res.body);
      const listed = await t.http.get('/api/v1/orders?limit=100').set(kim.auth).expect(200);
      expect(listed.body.items).toContainEqual(res.body);
    });

    it.each([
      ['only taxable lines', [['상품3', 1]], 15_000, 0],
      ['only tax-free lines: all of it', [['도서', 2]], 6000, 6000],
      [
        'the tax-free product on two lines',
        [
          ['도서', 1],
          ['상품2', 1],
          ['도서', 2],
        ],
        19_000,
        9000,
      ],
      ['the largest tax-free quantity (99)', [['도서', 99]], 297_000, 297_000],
    ] as [string, [string, number][], number, number][])(
      'computes taxFreeAmount for %s',
      async (_, lines, amount, taxFreeAmount) => {
        const res = await t.http
          .post('/api/v1/orders')
          .set(kim.auth)
          .send({ items: lines.map(([name, quantity]) => line(name, quantity)) })
          .expect(201);
        expect(res.body).toMatchObject({ amount, taxFreeAmount });
        expect(res.body.items.map((i: { position: number }) => i.position)).toEqual(
          lines.map((_, index) => index),
        );
      },
    );

    it('takes the tax class from the catalogue when the order is placed, never from the client', async () => {
      const apples = await createProduct(t.http, boss.auth, { price: 2500, taxClass: 'TAX_FREE' });
      const res = await t.http
        .post('/api/v1/orders')
        .set(kim.auth)
        .send({ items: [{ productId: apples.id, quantity: 2 }, line('상품1')] })
        .expect(201);
      expect(res.body).toMatchObject({
        amount: 10_000,
        taxFreeAmount: 5000,
        items: [{ taxClass: 'TAX_FREE' }, { taxClass: 'TAXABLE' }],
      });
    });

    it('is readable afterwards exactly as created', async () => {
      const created = await t.http
        .post('/api/v1/orders')
        .set(kim.auth)
        .send({ items: [line('상품1')] })
        .expect(201);
      const read = await t.http
        .get(`/api/v1/orders/${created.body.orderId}`)
        .set(kim.auth)
        .expect(200);
      expect(read.body).toEqual(created.body);
    });

    it('makes a new, different orderId every time', async () => {
      const ids = await Promise.all(
        Array.from({ length: 5 }, () => createOrder(t.http, kim.auth, [line('상품1')])),
      );
      expect(new Set(ids.map((o) => o.orderId)).size).toBe(5);
    });

    it.each([
      ['one line: the name alone', [['상품1', 1]], '상품1', 5_000],
      [
        'two lines: " 외 1건"',
        [
          ['상품1', 2],
          ['상품3', 1],
        ],
        '상품1 외 1건',
        25_000,
      ],
      [
        'three lines: " 외 2건"',
        [
          ['상품3', 1],
          ['상품1', 1],
          ['상품2', 1],
        ],
        '상품3 외 2건',
        30_000,
      ],
      [
        'the same product twice counts as two lines',
        [
          ['테스트', 1],
          ['테스트', 2],
        ],
        '테스트 외 1건',
        300,
      ],
      ['the largest quantity (99)', [['상품3', 99]], '상품3', 1_485_000],
    ] as [string, [string, number][], string, number][])(
      'names and prices %s',
      async (_, lines, orderName, amount) => {
        const res = await t.http
          .post('/api/v1/orders')
          .set(kim.auth)
          .send({ items: lines.map(([name, quantity]) => line(name, quantity)) })
          .expect(201);
        expect(res.body).toMatchObject({ orderName, amount });
        expect(
          res.body.items.map((i: { name: string; quantity: number }) => [i.name, i.quantity]),
        ).toEqual(lines);
      },
    );

    it('shortens a long first name so that orderName stays within 100 characters', async () => {
      const long = await createProduct(t.http, boss.auth, { name: '가'.repeat(100), price: 10 });
      const res = await t.http
        .post('/api/v1/orders')
        .set(kim.auth)
        .send({ items: [{ productId: long.id, quantity: 1 }, line('상품1')] })
        .expect(201);
      expect([...res.body.orderName]).toHaveLength(100);
      expect(res.body.orderName.endsWith(' 외 1건')).toBe(true);
      expect(res.body.items[0].name).toBe('가'.repeat(100));
    });

    it('prices the largest order exactly: 50 lines × 99 × 100,000,000', async () => {
      const dear = await createProduct(t.http, boss.auth, { price: 100_000_000 });
      const items = Array.from({ length: 50 }, () => ({ productId: dear.id, quantity: 99 }));
      const res = await t.http.post('/api/v1/orders').set(kim.auth).send({ items }).expect(201);
      expect(res.body.amount).toBe(495_000_000_000);
      expect(res.body.items).toHaveLength(50);
      expect(res.body.orderName).toBe(`${dear.name} 외 49건`);
    });

    const tooManyLines = Array.from({ length: 51 }, () => ({
      productId: randomUUID(),
      quantity: 1,
    }));
    it.each([
      [
        'an amount (the server computes it)',
        () => ({ items: [line('상품1')], amount: 1 }),
        'amount',
      ],
      [
        'a taxFreeAmount (the server computes it)',
        () => ({ items: [line('상품1')], taxFreeAmount: 5000 }),
        'taxFreeAmount',
      ],
      [
        'a tax class on a line (the catalogue has it)',
        () => ({ items: [{ ...line('상품1'), taxClass: 'TAX_FREE' }] }),
        'items.0.taxClass',
      ],
      [
        'a position on a line (the server numbers them)',
        () => ({ items: [{ ...line('상품1'), position: 3 }] }),
        'items.0.position',
      ],
      [
        'an orderId (the server makes it)',
        () => ({ items: [line('상품1')], orderId: 'my-order-id' }),
        'orderId',
      ],
      [
        'a unit price on a line',
        () => ({ items: [{ ...line('상품1'), unitPrice: 1 }] }),
        'items.0.unitPrice',
      ],
      ['no items', () => ({}), 'items'],
      ['an empty list', () => ({ items: [] }), 'items'],
      ['51 lines', () => ({ items: tooManyLines }), 'items'],
      ['items as an object', () => ({ items: line('상품1') }), 'items'],
      ['items as a string', () => ({ items: 'x' }), 'items'],
      ['items null', () => ({ items: null }), 'items'],
      ['a null line', () => ({ items: [null] }), 'items.0'],
      ['a number as a line', () => ({ items: [7] }), 'items.0'],
      ['quantity 0', () => ({ items: [line('상품1', 0)] }), 'items.0.quantity'],
      ['quantity 100', () => ({ items: [line('상품1', 100)] }), 'items.0.quantity'],
      ['quantity -1', () => ({ items: [line('상품1', -1)] }), 'items.0.quantity'],
      ['a fractional quantity', () => ({ items: [line('상품1', 1.5)] }), 'items.0.quantity'],
      [
        'a quantity as a string',
        () => ({ items: [{ productId: products['상품1'].id, quantity: '1' }] }),
        'items.0.quantity',
      ],
      ['a huge quantity', () => ({ items: [line('상품1', 1e300)] }), 'items.0.quantity'],
      ['no quantity', () => ({ items: [{ productId: products['상품1'].id }] }), 'items.0.quantity'],
      ['no productId', () => ({ items: [{ quantity: 1 }] }), 'items.0.productId'],
      [
        'a productId as a number',
        () => ({ items: [{ productId: 1, quantity: 1 }] }),
        'items.0.productId',
      ],
      [
        'a productId as an object',
        () => ({ items: [{ productId: { id: 1 }, quantity: 1 }] }),
        'items.0.productId',
      ],
      [
        'a productId of 65 characters',
        () => ({ items: [{ productId: 'p'.repeat(65), quantity: 1 }] }),
        'items.0.productId',
      ],
      [
        'a bad second line',
        () => ({ items: [line('상품1'), line('상품2', 0)] }),
        'items.1.quantity',
      ],
    ])('refuses %s with 400 VALIDATION_ERROR and creates nothing', async (_, body, field) => {
      const before = await t.http.get('/api/v1/orders?limit=1').set(lee.auth).expect(200);
      const res = await t.http.post('/api/v1/orders').set(lee.auth).send(body()).expect(400);
      expectErrorBody(res, 400, 'VALIDATION_ERROR');
      expect(invalidFields(res)).toContain(field);
      const after = await t.http.get('/api/v1/orders?limit=1').set(lee.auth).expect(200);
      expect(after.body.total).toBe(before.body.total);
    });

    it.each([
      ['an unknown product', () => randomUUID()],
      ['a malformed product id', () => 'not-a-uuid'],
    ])(
      'answers 404 PRODUCT_NOT_FOUND for %s, naming it, and creates nothing',
      async (_, productId) => {
        const before = await t.http.get('/api/v1/orders?limit=1').set(lee.auth).expect(200);
        const id = productId();
        const res = await t.http
          .post('/api/v1/orders')
          .set(lee.auth)
          .send({ items: [line('상품1'), { productId: id, quantity: 1 }] })
          .expect(404);
        expectErrorBody(res, 404, 'PRODUCT_NOT_FOUND');
        expect(res.body.details).toEqual({ productIds: [id] });
        const after = await t.http.get('/api/v1/orders?limit=1').set(lee.auth).expect(200);
        expect(after.body.total).toBe(before.body.total);
      },
    );

    // Issue 11: text with NUL is refused at the edge as 400 naming the field (404 is for ids in paths).
    it('answers 400 VALIDATION_ERROR for a product id with a NUL character, naming it, and creates nothing', async () => {
      const before = await t.http.get('/api/v1/orders?limit=1').set(lee.auth).expect(200);
      const res = await t.http
        .post('/api/v1/orders')
        .set(lee.auth)
        .send({ items: [line('상품1'), { productId: 'a\u0000b', quantity: 1 }] })
        .expect(400);
      expectErrorBody(res, 400, 'VALIDATION_ERROR');
      expect(invalidFields(res)).toEqual(['items.1.productId']);
      const after = await t.http.get('/api/v1/orders?limit=1').set(lee.auth).expect(200);
      expect(after.body.total).toBe(before.body.total);
    });

    it('answers 404 PRODUCT_NOT_FOUND for an inactive product', async () => {
      const gone = await createProduct(t.http, boss.auth);
      await t.http
        .patch(`/api/v1/products/${gone.id}`)
        .set(boss.auth)
        .send({ active: false })
        .expect(200);
      const res = await t.http
        .post('/api/v1/orders')
        .set(kim.auth)
        .send({ items: [{ productId: gone.id, quantity: 1 }] })
        .expect(404);
      expectErrorBody(res, 404, 'PRODUCT_NOT_FOUND');
    });

    it('answers 401 UNAUTHORIZED without a token', async () => {
      const res = await t.http
        .post('/api/v1/orders')
        .send({ items: [line('상품1')] })
        .expect(401);
      expectErrorBody(res, 401, 'UNAUTHORIZED');
    });

    it('answers 403 FORBIDDEN to an admin (orders are placed by customers)', async () => {
      const res = await t.http
        .post('/api/v1/orders')
        .set(boss.auth)
        .send({ items: [line('상품1')] })
        .expect(403);
      expectErrorBody(res, 403, 'FORBIDDEN');
    });
  });

  describe('GET /api/v1/orders', () => {
    let park: SignedIn;
    let parkOrders: string[];

    beforeAll(async () => {
      park = await customer(t.http, '박고객');
      parkOrders = [];
      // One after another, so that creation order is newest-first order.
      for (const name of ['상품1', '상품2', '상품3']) {
        parkOrders.push((await createOrder(t.http, park.auth, [line(name)])).orderId);
      }
    });

    it("answers the caller's own orders, newest first", async () => {
      const res = await t.http.get('/api/v1/orders').set(park.auth).expect(200);
      expect(res.body).toMatchObject({ page: 1, limit: 20, total: 3 });
      expect(res.body.items.map((o: { orderId: string }) => o.orderId)).toEqual(
        [...parkOrders].reverse(),
      );
      expect(res.body.items.map((o: { orderName: string }) => o.orderName)).toEqual([
        '상품3',
        '상품2',
        '상품1',
      ]);
      for (const order of res.body.items)
        expect(order.customer).toEqual({ id: park.id, email: park.email, name: '박고객' });
    });

    it('pages newest first', async () => {
      const first = await t.http.get('/api/v1/orders?page=1&limit=2').set(park.auth).expect(200);
      const second = await t.http.get('/api/v1/orders?page=2&limit=2').set(park.auth).expect(200);
      expect(first.body).toMatchObject({ page: 1, limit: 2, total: 3 });
      expect(second.body).toMatchObject({ page: 2, limit: 2, total: 3 });
      expect(first.body.items.map((o: { orderId: string }) => o.orderId)).toEqual([
        parkOrders[2],
        parkOrders[1],
      ]);
      expect(second.body.items.map((o: { orderId: string }) => o.orderId)).toEqual([parkOrders[0]]);
      const third = await t.http.get('/api/v1/orders?page=3&limit=2').set(park.auth).expect(200);
      expect(third.body).toEqual({ items: [], page: 3, limit: 2, total: 3 });
    });

    it("never shows another customer's orders", async () => {
      const res = await t.http.get('/api/v1/orders?limit=100').set(kim.auth).expect(200);
      expect(res.body.items.length).toBeGreaterThan(0);
      for (const order of res.body.items) expect(order.customer.id).toBe(kim.id);
      expect(res.body.items.map((o: { orderId: string }) => o.orderId)).not.toContain(
        parkOrders[0],
      );
    });

    it('shows an admin every customer’s orders', async () => {
      const totals = await Promise.all(
        [kim, lee, park].map(
          async (who) =>
            (await t.http.get('/api/v1/orders').set(who.auth).expect(200)).body.total as number,
        ),
      );
      const kims = await t.http.get('/api/v1/orders?limit=100').set(kim.auth).expect(200);
      const all = await t.http.get('/api/v1/orders?limit=100').set(boss.auth).expect(200);
      expect(all.body.total).toBe(totals[0] + totals[1] + totals[2]);
      const ids = all.body.items.map((o: { orderId: string }) => o.orderId);
      expect(ids).toEqual(expect.arrayContaining([...parkOrders, kims.body.items[0].orderId]));
      const times = all.body.items.map((o: { createdAt: string }) => Date.parse(o.createdAt));
      expect(times).toEqual([...times].sort((a, b) => b - a));
    });

    it('filters by ?status= for an admin and for a customer', async () => {
      const canceled = await createOrder(t.http, park.auth, [line('테스트')]);
      await t.http.post(`/api/v1/orders/${canceled.orderId}/cancel`).set(park.auth).expect(200);

      const adminCanceled = await t.http
        .get('/api/v1/orders?status=CANCELED&limit=100')
        .set(boss.auth)
        .expect(200);
      expect(adminCanceled.body.items.map((o: { orderId: string }) => o.orderId)).toContain(
        canceled.orderId,
      );
      for (const order of adminCanceled.body.items) expect(order.status).toBe('CANCELED');
      expect(adminCanceled.body.total).toBe(adminCanceled.body.items.length);

      const parkPending = await t.http
        .get('/api/v1/orders?status=PENDING')
        .set(park.auth)
        .expect(200);
      expect(parkPending.body.items.map((o: { orderId: string }) => o.orderId)).toEqual(
        [...parkOrders].reverse(),
      );
      const parkCanceled = await t.http
        .get('/api/v1/orders?status=CANCELED')
        .set(park.auth)
        .expect(200);
      expect(parkCanceled.body).toMatchObject({
        total: 1,
        items: [{ orderId: canceled.orderId, status: 'CANCELED' }],
      });
      const parkPaid = await t.http.get('/api/v1/orders?status=PAID').set(park.auth).expect(200);
      expect(parkPaid.body).toEqual({ items: [], page: 1, limit: 20, total: 0 });
    });

    it.each([
      ['limit=0', 'limit'],
      ['limit=101', 'limit'],
      ['limit=abc', 'limit'],
      ['limit=2.5', 'limit'],
      ['page=0', 'page'],
      ['page=abc', 'page'],
      ['status=BOGUS', 'status'],
      ['status=pending', 'status'],
      ['status=', 'status'],
      ['status=PAID&status=CANCELED', 'status'],
      ['customerId=x', 'customerId'],
    ])('refuses ?%s with 400 VALIDATION_ERROR', async (query, field) => {
      const res = await t.http.get(`/api/v1/orders?${query}`).set(kim.auth).expect(400);
      expectErrorBody(res, 400, 'VALIDATION_ERROR');
      expect(invalidFields(res)).toContain(field);
    });

    it.each(['1', '100'])('accepts limit=%s', async (limit) => {
      const all = await t.http.get('/api/v1/orders?limit=50').set(park.auth).expect(200);
      const res = await t.http.get(`/api/v1/orders?limit=${limit}`).set(park.auth).expect(200);
      expect(res.body).toEqual({
        items: all.body.items.slice(0, Number(limit)),
        page: 1,
        limit: Number(limit),
        total: all.body.total,
      });
    });

    it('answers 401 UNAUTHORIZED without a token', async () => {
      expectErrorBody(await t.http.get('/api/v1/orders').expect(401), 401, 'UNAUTHORIZED');
    });
  });

  describe('GET /api/v1/orders/:orderId', () => {
    let order: { orderId: string };

    beforeAll(async () => {
      order = await createOrder(t.http, kim.auth, [line('상품1', 2)]);
    });

    it('answers the owner', async () => {
      const res = await t.http.get(`/api/v1/orders/${order.orderId}`).set(kim.auth).expect(200);
      expect(res.body).toMatchObject({
        orderId: order.orderId,
        amount: 10_000,
        status: 'PENDING',
        customer: { id: kim.id },
      });
    });

    it('answers an admin', async () => {
      const res = await t.http.get(`/api/v1/orders/${order.orderId}`).set(boss.auth).expect(200);
      expect(res.body).toMatchObject({
        orderId: order.orderId,
        customer: { id: kim.id, email: kim.email },
      });
    });

    it('answers another customer 404 ORDER_NOT_FOUND, exactly as for an order that does not exist (never 403)', async () => {
      const notYours = await t.http
        .get(`/api/v1/orders/${order.orderId}`)
        .set(lee.auth)
        .expect(404);
      expectErrorBody(notYours, 404, 'ORDER_NOT_FOUND');
      const notThere = await t.http.get(`/api/v1/orders/${randomUUID()}`).set(lee.auth).expect(404);
      expect(notYours.body).toEqual(notThere.body);
    });

    it.each([
      ['a short id', 'abc'],
      ['65 characters', 'o'.repeat(65)],
      ['100 characters', 'o'.repeat(100)],
      ['a NUL character', '%00abcdef'],
      ['punctuation', encodeURIComponent("x' OR 1=1 --")],
      ['unicode', encodeURIComponent('주문번호-123456')],
    ])('answers 404 ORDER_NOT_FOUND for %s', async (_, id) => {
      expectErrorBody(
        await t.http.get(`/api/v1/orders/${id}`).set(kim.auth).expect(404),
        404,
        'ORDER_NOT_FOUND',
      );
    });

    it('answers 401 UNAUTHORIZED without a token', async () => {
      expectErrorBody(
        await t.http.get(`/api/v1/orders/${order.orderId}`).expect(401),
        401,
        'UNAUTHORIZED',
      );
    });
  });

  describe('POST /api/v1/orders/:orderId/cancel', () => {
    it('cancels a PENDING order for its owner; a second cancel is 409 ORDER_NOT_CANCELABLE', async () => {
      const order = await createOrder(t.http, kim.auth, [line('상품2')]);
      const res = await t.http
        .post(`/api/v1/orders/${order.orderId}/cancel`)
        .set(kim.auth)
        .expect(200);
      expect(res.body).toMatchObject({
        orderId: order.orderId,
        status: 'CANCELED',
        amount: 10_000,
      });
      expect(res.body).not.toHaveProperty('paidAt');

      const again = await t.http
        .post(`/api/v1/orders/${order.orderId}/cancel`)
        .set(kim.auth)
        .expect(409);
      expectErrorBody(again, 409, 'ORDER_NOT_CANCELABLE');
      const read = await t.http.get(`/api/v1/orders/${order.orderId}`).set(kim.auth).expect(200);
      expect(read.body.status).toBe('CANCELED');
    });

    it('lets an admin cancel a customer’s order', async () => {
      const order = await createOrder(t.http, kim.auth, [line('상품1')]);
      const res = await t.http
        .post(`/api/v1/orders/${order.orderId}/cancel`)
        .set(boss.auth)
        .expect(200);
      expect(res.body).toMatchObject({ status: 'CANCELED', customer: { id: kim.id } });
    });

    it('answers another customer 404 ORDER_NOT_FOUND and leaves the order PENDING', async () => {
      const order = await createOrder(t.http, kim.auth, [line('상품1')]);
      const res = await t.http
        .post(`/api/v1/orders/${order.orderId}/cancel`)
        .set(lee.auth)
        .expect(404);
      expectErrorBody(res, 404, 'ORDER_NOT_FOUND');
      const read = await t.http.get(`/api/v1/orders/${order.orderId}`).set(kim.auth).expect(200);
      expect(read.body.status).toBe('PENDING');
    });

    it.each([
      ['an unknown id', () => randomUUID()],
      ['a malformed id', () => 'x'],
      ['a NUL character', () => '%00abcdef'],
      ['80 characters', () => 'o'.repeat(80)],
    ])('answers 404 ORDER_NOT_FOUND for %s', async (_, id) => {
      expectErrorBody(
        await t.http.post(`/api/v1/orders/${id()}/cancel`).set(kim.auth).expect(404),
        404,
        'ORDER_NOT_FOUND',
      );
    });

    it('answers 401 UNAUTHORIZED without a token and leaves the order PENDING', async () => {
      const order = await createOrder(t.http, kim.auth, [line('상품1')]);
      expectErrorBody(
        await t.http.post(`/api/v1/orders/${order.orderId}/cancel`).expect(401),
        401,
        'UNAUTHORIZED',
      );
      const read = await t.http.get(`/api/v1/orders/${order.orderId}`).set(kim.auth).expect(200);
      expect(read.body.status).toBe('PENDING');
    });

    it('lets exactly one of several concurrent cancels through; the rest get 409 ORDER_NOT_CANCELABLE', async () => {
      const order = await createOrder(t.http, kim.auth, [line('상품3')]);
      const responses = await Promise.all(
        Array.from({ length: 6 }, (_, i) =>
          t.http.post(`/api/v1/orders/${order.orderId}/cancel`).set(i % 2 ? boss.auth : kim.auth),
        ),
      );
      expect(responses.map((r) => r.status).sort()).toEqual([200, 409, 409, 409, 409, 409]);
      for (const res of responses.filter((r) => r.status === 409))
        expectErrorBody(res, 409, 'ORDER_NOT_CANCELABLE');
    });
  });
});

describe('orders (e2e) with ORDER_TTL_MINUTES=5', () => {
  let t: TestApp;
  const previous = process.env.ORDER_TTL_MINUTES;

  beforeAll(async () => {
    t = await startTestApp({ env: { ORDER_TTL_MINUTES: '5' } });
  });
  afterAll(async () => {
    await t.close();
    if (previous === undefined) delete process.env.ORDER_TTL_MINUTES;
    else process.env.ORDER_TTL_MINUTES = previous;
  });

  it('makes orders payable for ORDER_TTL_MINUTES', async () => {
    const kim = await customer(t.http);
    const products = await seedProducts(t.http);
    const before = Date.now();
    const order = await t.http
      .post('/api/v1/orders')
      .set(kim.auth)
      .send({ items: [{ productId: products['상품1'].id, quantity: 1 }] })
      .expect(201);
    const after = Date.now();
    const expiresAt = Date.parse(order.body.expiresAt);
    expect(expiresAt).toBeGreaterThanOrEqual(before + 5 * MINUTE - 1000);
    expect(expiresAt).toBeLessThanOrEqual(after + 5 * MINUTE + 1000);
  });
});
