import { randomUUID } from 'node:crypto';
import { admin, customer, SignedIn } from '../factories/auth.factory';
import { seedProducts } from '../factories/catalogue.factory';
import { expectErrorBody } from '../factories/http.factory';
import { startTestApp, TestApp } from '../setup/test-app';

/** The contract's promise: whatever the input, the answer is a 4xx in the error shape, never a 5xx. */
describe('error contract (e2e)', () => {
  let t: TestApp;
  let boss: SignedIn;
  let kim: SignedIn;
  let productId: string;
  let orderId: string;

  beforeAll(async () => {
    t = await startTestApp();
    [boss, kim] = await Promise.all([admin(t.http), customer(t.http)]);
    productId = (await seedProducts(t.http))['상품1'].id;
    orderId = (
      await t.http
        .post('/api/v1/orders')
        .set(kim.auth)
        .send({ items: [{ productId, quantity: 1 }] })
        .expect(201)
    ).body.orderId;
  });
  afterAll(() => t.close());

  type Who = 'anyone' | 'customer' | 'admin';
  /** Every endpoint of General, Auth, Products and Orders that takes a JSON body, called as someone allowed to. */
  const bodyEndpoints: [string, 'post' | 'patch', () => string, Who][] = [
    ['POST /auth/register', 'post', () => '/api/v1/auth/register', 'anyone'],
    ['POST /auth/login', 'post', () => '/api/v1/auth/login', 'anyone'],
    ['POST /products', 'post', () => '/api/v1/products', 'admin'],
    ['PATCH /products/:id', 'patch', () => `/api/v1/products/${productId}`, 'admin'],
    ['POST /orders', 'post', () => '/api/v1/orders', 'customer'],
  ];

  function send(
    method: 'post' | 'patch',
    path: string,
    who: Who,
    contentType = 'application/json',
  ) {
    const req = t.http[method](path).set('Content-Type', contentType);
    if (who === 'admin') return req.set(boss.auth);
    if (who === 'customer') return req.set(kim.auth);
    return req;
  }

  type BodyCase = [
    endpoint: string,
    name: string,
    method: 'post' | 'patch',
    path: () => string,
    who: Who,
    raw: string,
  ];
  /** Every endpoint × every [case name, raw body]. */
  const cases = (rows: [string, string][]): BodyCase[] =>
    bodyEndpoints.flatMap(([label, method, path, who]) =>
      rows.map(([name, raw]): BodyCase => [label, name, method, path, who, raw]),
    );

  describe('unknown routes', () => {
    it.each([
      ['get', '/api/v1'],
      ['get', '/api/v1/nothing-here'],
      ['get', '/api/v2/products'],
      ['get', '/api/v1/products/x/y'],
      ['post', `/api/v1/products/${randomUUID()}/nothing`],
      ['get', '/nothing-here'],
      ['get', '/favicon.ico'],
      ['post', '/healthz'],
    ] as const)('answers %s %s with 404 NOT_FOUND in the error shape', async (method, path) => {
      const res = await t.http[method](path).set(kim.auth).expect(404);
      expectErrorBody(res, 404, 'NOT_FOUND');
    });

    // A known path with a method it does not take: test/e2e/method-not-allowed.e2e-spec.ts.
    it.each([
      ['post', `/api/v1/products/${randomUUID()}`, 'GET, HEAD, PATCH, DELETE'],
      ['put', '/api/v1/orders', 'GET, HEAD, POST'],
      ['delete', '/api/v1/auth/me', 'GET, HEAD'],
      ['post', '/health', 'GET, HEAD'],
    ] as const)(
      'answers %s %s (a known path) with 405 and Allow: %s',
      async (method, path, allow) => {
        const res = await t.http[method](path).set(kim.auth);
        expectErrorBody(res, 405, 'METHOD_NOT_ALLOWED');
        expect(res.headers.allow).toBe(allow);
      },
    );
  });

  describe('malformed JSON', () => {
    const malformed: [string, string][] = [
      ['a truncated object', '{"email": '],
      ['a trailing comma', '{"name": "x",}'],
      ['single quotes', "{'name': 'x'}"],
      ['a stray brace', '{"name": "x"}}'],
      ['a bare word', 'hello'],
      ['NaN', '{"price": NaN}'],
      ['an empty body', ''],
    ];

    it.each(cases(malformed))(
      '%s with %s is 400 MALFORMED_JSON',
      async (_, __, method, path, who, raw) => {
        const res = await send(method, path(), who).send(raw).expect(400);
        expectErrorBody(res, 400, 'MALFORMED_JSON');
      },
    );

    it.each([
      [
        '__proto__',
        '{"__proto__": {"polluted": true}, "email": "a@b.co", "password": "password-1"}',
      ],
      [
        'constructor.prototype',
        '{"constructor": {"prototype": {"polluted": true}}, "email": "a@b.co", "password": "password-1"}',
      ],
    ])('refuses a %s key as 400 (prototype poisoning) and pollutes nothing', async (_, raw) => {
      const res = await send('post', '/api/v1/auth/login', 'anyone').send(raw).expect(400);
      expectErrorBody(res, 400);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    });
  });

  describe('bodies of the wrong JSON type', () => {
    const wrongTypes: [string, string][] = [
      ['null', 'null'],
      ['an array', '[]'],
      ['an array of objects', '[{"items": [], "name": "x", "price": 1}]'],
      ['a string', '"text"'],
      ['a number', '42'],
      ['a boolean', 'true'],
      [
        'arrays where values should be',
        '{"email": ["a@b.co"], "password": ["x"], "name": ["x"], "price": [1], "items": [[1]]}',
      ],
      [
        'objects where values should be',
        '{"email": {}, "password": {}, "name": {}, "price": {}, "items": [{"productId": {}, "quantity": {}}]}',
      ],
      ['deep nesting', `{"items": ${'['.repeat(2000)}${']'.repeat(2000)}}`],
    ];

    it.each(cases(wrongTypes))(
      '%s with %s is 400 VALIDATION_ERROR',
      async (_, __, method, path, who, raw) => {
        const res = await send(method, path(), who).send(raw).expect(400);
        expectErrorBody(res, 400, 'VALIDATION_ERROR');
      },
    );
  });

  describe('numbers out of range', () => {
    it.each([
      ['1e309 (Infinity)', '1e309'],
      ['2^53 + 1', '9007199254740993'],
      ['-0', '-0'],
      ['1e-7', '1e-7'],
      ['-1e308', '-1e308'],
    ])('a price or quantity of %s is 400 VALIDATION_ERROR', async (_, number) => {
      const product = await send('post', '/api/v1/products', 'admin')
        .send(`{"name": "n", "price": ${number}}`)
        .expect(400);
      expectErrorBody(product, 400, 'VALIDATION_ERROR');
      const order = await send('post', '/api/v1/orders', 'customer')
        .send(`{"items": [{"productId": "${productId}", "quantity": ${number}}]}`)
        .expect(400);
      expectErrorBody(order, 400, 'VALIDATION_ERROR');
    });
  });

  describe('body size and media type', () => {
    const LIMIT_EXCEEDED = 102_401; // one byte over 100 KiB, so over 100 kB by either reading

    function jsonOfLength(bytes: number, field: string): string {
      const shell = `{"${field}": ""}`;
      return `{"${field}": "${'x'.repeat(bytes - shell.length)}"}`;
    }

    it.each(cases([['a body over 100 kB', '']]))(
      '%s with %s is 413 PAYLOAD_TOO_LARGE',
      async (_, __, method, path, who) => {
        const body = jsonOfLength(LIMIT_EXCEEDED, 'name');
        expect(Buffer.byteLength(body)).toBe(LIMIT_EXCEEDED);
        const res = await send(method, path(), who).send(body).expect(413);
        expectErrorBody(res, 413, 'PAYLOAD_TOO_LARGE');
      },
    );

    it('reads a body of 100,000 bytes (within the limit) and validates it', async () => {
      const body = jsonOfLength(100_000, 'name');
      const res = await send('post', '/api/v1/products', 'admin').send(body).expect(400);
      expectErrorBody(res, 400, 'VALIDATION_ERROR');
    });

    it('answers an oversized body in the error shape even without a token', async () => {
      const res = await send('post', '/api/v1/orders', 'anyone').send(
        jsonOfLength(200_000, 'items'),
      );
      expect([401, 413]).toContain(res.status);
      expectErrorBody(res, res.status);
    });

    it.each([
      ['application/xml', '<order/>'],
      ['application/octet-stream', 'binary'],
      ['multipart/form-data; boundary=x', '--x--'],
    ])('answers a %s body with 415 UNSUPPORTED_MEDIA_TYPE', async (contentType, raw) => {
      const res = await send('post', '/api/v1/auth/login', 'anyone', contentType)
        .send(raw)
        .expect(415);
      expectErrorBody(res, 415, 'UNSUPPORTED_MEDIA_TYPE');
    });

    it.each([
      ['text/plain', '{"email": "a@b.co", "password": "password-1"}'],
      ['application/x-www-form-urlencoded', 'email=a%40b.co&password=password-1'],
    ])('answers a %s body with a 4xx in the error shape', async (contentType, raw) => {
      const res = await send('post', '/api/v1/auth/login', 'anyone', contentType).send(raw);
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
      expectErrorBody(res, res.status);
    });
  });

  describe('odd ids in paths', () => {
    const ids: [string, string][] = [
      ['a word', 'abc'],
      ['zero', '0'],
      ['a negative number', '-1'],
      ['a huge number', '9'.repeat(40)],
      ['null', 'null'],
      ['a space', '%20'],
      ['a NUL character', '%00'],
      ['an encoded slash', '..%2F..%2Fetc'],
      ['SQL', encodeURIComponent("' OR 1=1 --")],
      ['emoji', encodeURIComponent('🙂')],
      ['a UUID in upper case', randomUUID().toUpperCase()],
    ];
    const routes: [
      string,
      'get' | 'patch' | 'delete' | 'post',
      (id: string) => string,
      Who,
      string,
    ][] = [
      ['GET /products/:id', 'get', (id) => `/api/v1/products/${id}`, 'anyone', 'PRODUCT_NOT_FOUND'],
      [
        'PATCH /products/:id',
        'patch',
        (id) => `/api/v1/products/${id}`,
        'admin',
        'PRODUCT_NOT_FOUND',
      ],
      [
        'DELETE /products/:id',
        'delete',
        (id) => `/api/v1/products/${id}`,
        'admin',
        'PRODUCT_NOT_FOUND',
      ],
      [
        'GET /orders/:orderId',
        'get',
        (id) => `/api/v1/orders/${id}`,
        'customer',
        'ORDER_NOT_FOUND',
      ],
      [
        'POST /orders/:orderId/cancel',
        'post',
        (id) => `/api/v1/orders/${id}/cancel`,
        'customer',
        'ORDER_NOT_FOUND',
      ],
    ];

    it.each(routes.flatMap((route) => ids.map((id) => [...route, ...id] as const)))(
      '%s with %s is 404 %s',
      async (_, method, path, who, code, __, id) => {
        const req = t.http[method](path(id));
        if (who === 'admin') void req.set(boss.auth);
        if (who === 'customer') void req.set(kim.auth);
        if (method === 'patch') void req.send({ price: 10 });
        const res = await req.expect(404);
        expectErrorBody(res, 404, code);
      },
    );

    it('answers a malformed percent-encoding or an over-long id with a 4xx, never a 5xx', async () => {
      const responses = await Promise.all([
        t.http.get('/api/v1/products/%E0%A4%A'),
        t.http.get(`/api/v1/orders/${'o'.repeat(300)}`).set(kim.auth),
      ]);
      for (const res of responses) {
        expect(res.status).toBeGreaterThanOrEqual(400);
        expect(res.status).toBeLessThan(500);
        expect(res.body).toMatchObject({ statusCode: res.status, message: expect.any(String) });
      }
    });

    // Fastify's router answers these before any hook runs; bootstrap's frameworkErrors shapes them.
    it.each([
      ['a malformed percent-encoding', '/api/v1/products/%E0%A4%A'],
      ['an id longer than the router allows (100)', `/api/v1/orders/${'o'.repeat(101)}`],
    ])('answers %s in the contract shape with X-Request-Id', async (_, path) => {
      const res = await t.http.get(path).set(kim.auth).set('X-Request-Id', 'router-error');
      expectErrorBody(res, res.status);
      expect(res.headers['x-request-id']).toBe('router-error');
    });
  });

  describe('query strings', () => {
    it.each([
      ['/api/v1/products?page[x]=1', 'anyone'],
      ['/api/v1/products?limit=10&limit=20', 'anyone'],
      ['/api/v1/products?page=1e309', 'anyone'],
      ['/api/v1/products?limit=%00', 'anyone'],
      ['/api/v1/orders?status[]=PAID', 'customer'],
      ['/api/v1/orders?status=%00', 'customer'],
      ['/api/v1/orders?page=-0', 'customer'],
      [`/api/v1/orders?limit=${'9'.repeat(400)}`, 'customer'],
    ] as [string, Who][])('refuses %s with 400 VALIDATION_ERROR', async (path, who) => {
      const req = t.http.get(path);
      if (who === 'customer') void req.set(kim.auth);
      const res = await req.expect(400);
      expectErrorBody(res, 400, 'VALIDATION_ERROR');
    });
  });

  it('still works after all of the above (no poisoned connection or state)', async () => {
    const res = await t.http.get(`/api/v1/orders/${orderId}`).set(kim.auth).expect(200);
    expect(res.body).toMatchObject({ orderId, status: 'PENDING' });
    await t.http.get('/health/ready').expect(200);
  });
});
