import { randomUUID } from 'node:crypto';

import { createOrder } from '../factories/catalogue.factory';
import { paidOrder, useShop } from '../factories/checkout.factory';
import { expectErrorBody, invalidFields } from '../factories/http.factory';
import { authorize } from '../factories/sandbox.factory';
import { sql } from '../support/sql';

const FRONTEND_URL = 'http://shop.test/demo';
const LONE = '\ud800';
const NUL = '\u0000';

/**
 * Issue 11, defects 5 and 6: every query parameter is one string of its pattern (the redirect
 * routes included), and text anywhere (body, query, path) is well-formed Unicode without NUL,
 * or the answer is 400 VALIDATION_ERROR naming the field (404 for ids in paths), never a 5xx.
 */
describe('text and parameters at the edge (e2e)', () => {
  const shop = useShop({ FRONTEND_URL, RECONCILE_INTERVAL_MS: '0' });

  const newOrder = () =>
    createOrder(shop.t.http, shop.kim.auth, [
      { productId: shop.products['상품1'].id, quantity: 1 },
    ]);
  const orderOf = async (orderId: string) =>
    (await shop.t.http.get(`/api/v1/orders/${orderId}`).set(shop.kim.auth).expect(200)).body;
  const query = (params: [string, string][]) => new URLSearchParams(params).toString();

  describe('repeated parameters on the Toss redirect routes (defect 5)', () => {
    it('refuses paymentKey=x&paymentKey=y on /toss/success; the order stays PENDING and the real confirm then succeeds', async () => {
      const order = await newOrder();
      const paymentKey = await authorize(shop.t.http, order);
      const res = await shop.t.http
        .get(
          `/api/v1/payments/toss/success?${query([
            ['paymentType', 'NORMAL'],
            ['orderId', order.orderId],
            ['paymentKey', paymentKey],
            ['paymentKey', 'someone-elses-key'],
            ['amount', String(order.amount)],
          ])}`,
        )
        .expect(400);
      expectErrorBody(res, 400, 'VALIDATION_ERROR');
      expect(invalidFields(res)).toEqual(['paymentKey']);
      expect((await orderOf(order.orderId)).status).toBe('PENDING');
      const calls = await sql<{ count: string }>(
        shop.t.databaseUrl,
        'SELECT count(*) FROM toss_calls WHERE order_id = $1',
        [order.orderId],
      );
      expect(calls[0].count).toBe('0');

      const confirmed = await shop.t.http
        .post('/api/v1/payments/confirm')
        .set(shop.kim.auth)
        .send({ paymentKey, orderId: order.orderId, amount: order.amount })
        .expect(200);
      expect(confirmed.body).toMatchObject({ paymentKey, status: 'DONE' });
      expect(await orderOf(order.orderId)).toMatchObject({
        status: 'PAID',
        payment: { paymentKey },
      });
    });

    it.each(['orderId', 'amount', 'paymentType'])(
      'refuses a repeated %s on /toss/success without touching the order',
      async (name) => {
        const order = await newOrder();
        const paymentKey = await authorize(shop.t.http, order);
        const params: [string, string][] = [
          ['paymentType', 'NORMAL'],
          ['orderId', order.orderId],
          ['paymentKey', paymentKey],
          ['amount', String(order.amount)],
        ];
        const repeated = params.find(([key]) => key === name)!;
        const res = await shop.t.http
          .get(`/api/v1/payments/toss/success?${query([...params, repeated])}`)
          .expect(400);
        expectErrorBody(res, 400, 'VALIDATION_ERROR');
        expect(invalidFields(res)).toEqual([name]);
        expect((await orderOf(order.orderId)).status).toBe('PENDING');
      },
    );

    it.each([
      [
        'message',
        [
          ['message', 'a'],
          ['message', 'b'],
        ],
      ],
      [
        'code',
        [
          ['code', 'REJECT_CARD_PAYMENT'],
          ['code', 'X'],
        ],
      ],
    ] as [string, [string, string][]][])(
      'refuses a repeated %s on /toss/fail and records nothing on the order',
      async (name, repeated) => {
        const order = await newOrder();
        const base: [string, string][] = [
          ['code', 'REJECT_CARD_PAYMENT'],
          ['message', '한도초과'],
          ['orderId', order.orderId],
        ];
        const params = [...base.filter(([key]) => key !== name), ...repeated];
        const res = await shop.t.http
          .get(`/api/v1/payments/toss/fail?${query(params)}`)
          .expect(400);
        expectErrorBody(res, 400, 'VALIDATION_ERROR');
        expect(invalidFields(res)).toEqual([name]);
        const after = await orderOf(order.orderId);
        expect(after.status).toBe('PENDING');
        expect(after.lastFailure).toBeUndefined();
      },
    );

    it('refuses an orderId given twice on /toss/fail', async () => {
      const [a, b] = [await newOrder(), await newOrder()];
      const res = await shop.t.http
        .get(
          `/api/v1/payments/toss/fail?${query([
            ['code', 'X'],
            ['orderId', a.orderId],
            ['orderId', b.orderId],
          ])}`,
        )
        .expect(400);
      expect(invalidFields(res)).toEqual(['orderId']);
      expect((await orderOf(a.orderId)).lastFailure).toBeUndefined();
      expect((await orderOf(b.orderId)).lastFailure).toBeUndefined();
    });

    it.each([
      [
        'a missing paymentKey',
        (o: { orderId: string; amount: number }) => [
          ['orderId', o.orderId],
          ['amount', String(o.amount)],
        ],
      ],
      [
        'an amount that is not digits',
        (o: { orderId: string }) => [
          ['orderId', o.orderId],
          ['paymentKey', 'tgen_x'],
          ['amount', '0x10'],
        ],
      ],
      [
        'a paymentKey with a space',
        (o: { orderId: string; amount: number }) => [
          ['orderId', o.orderId],
          ['paymentKey', 'a b'],
          ['amount', String(o.amount)],
        ],
      ],
      [
        'an unknown paymentType',
        (o: { orderId: string; amount: number }) => [
          ['orderId', o.orderId],
          ['paymentKey', 'tgen_x'],
          ['amount', String(o.amount)],
          ['paymentType', 'FREE'],
        ],
      ],
    ] as [string, (o: { orderId: string; amount: number }) => [string, string][]][])(
      'answers /toss/success with %s by 400 in the error shape, not a redirect',
      async (_, params) => {
        const order = await newOrder();
        const res = await shop.t.http
          .get(`/api/v1/payments/toss/success?${query(params(order))}`)
          .expect(400);
        expectErrorBody(res, 400, 'VALIDATION_ERROR');
        expect((await orderOf(order.orderId)).status).toBe('PENDING');
      },
    );

    it('still ignores parameters of the merchant’s own on the successUrl and confirms', async () => {
      const order = await newOrder();
      const paymentKey = await authorize(shop.t.http, order);
      const res = await shop.t.http
        .get(
          `/api/v1/payments/toss/success?${query([
            ['lang', 'ko'],
            ['paymentType', 'NORMAL'],
            ['orderId', order.orderId],
            ['paymentKey', paymentKey],
            ['amount', String(order.amount)],
          ])}`,
        )
        .expect(302);
      expect(new URL(res.headers.location).pathname).toBe('/demo/payments/success');
      expect((await orderOf(order.orderId)).status).toBe('PAID');
    });
  });

  describe('ill-formed text: lone surrogates and NUL (defect 6)', () => {
    const bad: [string, string][] = [
      ['a lone surrogate', LONE],
      ['NUL', NUL],
    ];

    it.each(bad)(
      'refuses %s in register’s email, password and name, naming the field',
      async (_, text) => {
        for (const [field, body] of [
          ['email', { email: `kim${text}@example.com`, password: 'password-1', name: '김' }],
          ['password', { email: 'kim-pw@example.com', password: `password-${text}`, name: '김' }],
          ['name', { email: 'kim-name@example.com', password: 'password-1', name: `김${text}` }],
        ] as const) {
          const res = await shop.t.http.post('/api/v1/auth/register').send(body).expect(400);
          expectErrorBody(res, 400, 'VALIDATION_ERROR');
          expect(invalidFields(res)).toEqual([field]);
        }
      },
    );

    it.each(bad)('refuses %s in login’s email and password', async (_, text) => {
      for (const [field, body] of [
        ['email', { email: `kim${text}@example.com`, password: 'password-1' }],
        ['password', { email: 'kim@example.com', password: `pw${text}` }],
      ] as const) {
        const res = await shop.t.http.post('/api/v1/auth/login').send(body).expect(400);
        expectErrorBody(res, 400, 'VALIDATION_ERROR');
        expect(invalidFields(res)).toEqual([field]);
      }
    });

    it.each(bad)('refuses %s in confirm’s paymentKey; the order stays PENDING', async (_, text) => {
      const order = await newOrder();
      const res = await shop.t.http
        .post('/api/v1/payments/confirm')
        .set(shop.kim.auth)
        .send({ paymentKey: `tgen_${text}`, orderId: order.orderId, amount: order.amount })
        .expect(400);
      expectErrorBody(res, 400, 'VALIDATION_ERROR');
      expect(invalidFields(res)).toEqual(['paymentKey']);
      expect((await orderOf(order.orderId)).status).toBe('PENDING');
    });

    it('answers GET and cancel of a payment whose key holds NUL (or is not of its pattern) with 404 PAYMENT_NOT_FOUND', async () => {
      for (const key of ['%00', 'tgen_%00', 'a%20b', encodeURIComponent('🙂')]) {
        const get = await shop.t.http.get(`/api/v1/payments/${key}`).set(shop.kim.auth).expect(404);
        expectErrorBody(get, 404, 'PAYMENT_NOT_FOUND');
        const cancel = await shop.t.http
          .post(`/api/v1/payments/${key}/cancel`)
          .set(shop.boss.auth)
          .send({ cancelReason: '고객 변심' })
          .expect(404);
        expectErrorBody(cancel, 404, 'PAYMENT_NOT_FOUND');
      }
    });

    it.each(bad)(
      'refuses %s in a cancel’s body (reason and refund account), naming the field',
      async (_, text) => {
        const paid = await paidOrder(shop.t.http, shop.kim, shop.products['상품1']);
        const reason = await shop.t.http
          .post(`/api/v1/payments/${paid.paymentKey}/cancel`)
          .set(shop.boss.auth)
          .send({ cancelReason: `변심${text}` })
          .expect(400);
        expectErrorBody(reason, 400, 'VALIDATION_ERROR');
        expect(invalidFields(reason)).toEqual(['cancelReason']);
        const account = await shop.t.http
          .post(`/api/v1/payments/${paid.paymentKey}/cancel`)
          .set(shop.boss.auth)
          .send({
            cancelReason: '변심',
            refundReceiveAccount: { bank: '88', accountNumber: '1101', holderName: `홍${text}` },
          })
          .expect(400);
        expect(invalidFields(account)).toEqual(['refundReceiveAccount.holderName']);
        const payment = await shop.t.http
          .get(`/api/v1/payments/${paid.paymentKey}`)
          .set(shop.boss.auth)
          .expect(200);
        expect(payment.body).toMatchObject({ status: 'DONE', cancels: [] });
      },
    );

    it.each([
      [
        'NUL in a nested string',
        `{"eventType":"PAYMENT_STATUS_CHANGED","data":{"paymentKey":"tgen_\\u0000","orderId":"o-123456"}}`,
        'data.paymentKey',
      ],
      [
        'a lone surrogate in a nested string',
        `{"eventType":"PAYMENT_STATUS_CHANGED","data":{"status":"\\ud800"}}`,
        'data.status',
      ],
      ['NUL in a key', `{"eventType":"PAYMENT_STATUS_CHANGED","data":{"a\\u0000":1}}`, 'data'],
      [
        'a lone surrogate in a top-level key',
        `{"\\udc00":1,"eventType":"PAYMENT_STATUS_CHANGED"}`,
        'body',
      ],
      ['NUL in an array', `{"eventType":"DEPOSIT_CALLBACK","list":["ok","\\u0000"]}`, 'list.1'],
    ])(
      'answers a webhook with %s 400 naming the field, and stores nothing',
      async (_, raw, field) => {
        // The sandbox's own webhooks for earlier tests' payments may land meanwhile, so the check
        // is on this delivery's transmission id, which a stored delivery would carry.
        const transmissionId = `hostile-${randomUUID()}`;
        const res = await shop.t.http
          .post('/api/v1/webhooks/toss')
          .set('Content-Type', 'application/json')
          .set('tosspayments-webhook-transmission-id', transmissionId)
          .send(raw)
          .expect(400);
        expectErrorBody(res, 400, 'VALIDATION_ERROR');
        expect(invalidFields(res)).toEqual([field]);
        const stored = await sql<{ count: string }>(
          shop.t.databaseUrl,
          'SELECT count(*) FROM webhook_deliveries WHERE transmission_id = $1',
          [transmissionId],
        );
        expect(stored[0].count).toBe('0');
      },
    );

    it('answers a webhook nested deeper than PostgreSQL’s jsonb takes calmly with 400', async () => {
      const raw = `{"eventType":"X","data":${'['.repeat(20_000)}${']'.repeat(20_000)}}`;
      const res = await shop.t.http
        .post('/api/v1/webhooks/toss')
        .set('Content-Type', 'application/json')
        .send(raw)
        .expect(400);
      expectErrorBody(res, 400, 'VALIDATION_ERROR');
    });

    it.each([
      ['NUL', '%00'],
      ['NUL inside', 'abc%00def'],
    ])('refuses %s in /toss/fail’s message and records nothing', async (_, encoded) => {
      const order = await newOrder();
      const res = await shop.t.http
        .get(
          `/api/v1/payments/toss/fail?code=REJECT_CARD_PAYMENT&orderId=${order.orderId}&message=${encoded}`,
        )
        .expect(400);
      expectErrorBody(res, 400, 'VALIDATION_ERROR');
      expect(invalidFields(res)).toEqual(['message']);
      expect((await orderOf(order.orderId)).lastFailure).toBeUndefined();
    });

    it.each([
      ['/api/v1/products?page=1&x=%00', 'x'],
      ['/api/v1/products?%00=1', 'query'],
      [
        '/api/v1/payments/toss/success?orderId=order-123456&paymentKey=tgen_%00&amount=1',
        'paymentKey',
      ],
      ['/api/v1/payments/toss/fail?code=%00', 'code'],
    ])('refuses NUL in the query string %s, naming %s', async (path, field) => {
      const res = await shop.t.http.get(path).expect(400);
      expectErrorBody(res, 400, 'VALIDATION_ERROR');
      expect(invalidFields(res)).toEqual([field]);
    });

    it.each(bad)(
      'refuses %s in a product’s name or description (400, not 201) and stores nothing',
      async (_, text) => {
        const name = `상품${text}-${Date.now()}`;
        for (const body of [
          { name, price: 1000 },
          { name: '생수', price: 1000, description: `시원한${text}` },
        ]) {
          const res = await shop.t.http
            .post('/api/v1/products')
            .set(shop.boss.auth)
            .send(body)
            .expect(400);
          expectErrorBody(res, 400, 'VALIDATION_ERROR');
          expect(invalidFields(res)).toEqual([
            Object.keys(body).find((k) => String(body[k as keyof typeof body]).includes(text)),
          ]);
        }
        const patch = await shop.t.http
          .patch(`/api/v1/products/${shop.products['테스트'].id}`)
          .set(shop.boss.auth)
          .send({ name })
          .expect(400);
        expect(invalidFields(patch)).toEqual(['name']);
        const stored = await sql<{ count: string }>(
          shop.t.databaseUrl,
          `SELECT count(*) FROM products WHERE name LIKE '상품%-%' OR name LIKE '%' || chr(65533) || '%'`,
        );
        expect(stored[0].count).toBe('0');
      },
    );

    it('refuses ill-formed text in an order’s productId (a nested field)', async () => {
      const res = await shop.t.http
        .post('/api/v1/orders')
        .set(shop.kim.auth)
        .send({
          items: [
            { productId: shop.products['상품1'].id, quantity: 1 },
            { productId: LONE, quantity: 1 },
          ],
        })
        .expect(400);
      expect(invalidFields(res)).toEqual(['items.1.productId']);
    });

    it('keeps well-formed text as given: emoji (surrogate pairs), Hangul and other control characters', async () => {
      const name = `🙂 상품\t${Date.now()}`;
      const res = await shop.t.http
        .post('/api/v1/products')
        .set(shop.boss.auth)
        .send({ name, price: 1000 })
        .expect(201);
      expect(res.body.name).toBe(name);
      const read = await shop.t.http.get(`/api/v1/products/${res.body.id}`).expect(200);
      expect(read.body.name).toBe(name);
    });
  });
});
