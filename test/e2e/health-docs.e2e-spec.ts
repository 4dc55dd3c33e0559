import { randomUUID } from 'node:crypto';
import { customer } from '../factories/auth.factory';
import { expectErrorBody, UUID_V4 } from '../factories/http.factory';
import { startTestApp, TestApp } from '../setup/test-app';
import { ADMIN_URL_ENV, adminQuery } from '../setup/test-database';

describe('health, docs and request ids (e2e)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  describe('GET /health and /health/ready', () => {
    it('answers liveness outside the prefix, without a token (and ignores a bad one)', async () => {
      await expect(t.http.get('/health').expect(200)).resolves.toHaveProperty('body', {
        status: 'ok',
      });
      await t.http.get('/health').set('Authorization', 'Bearer junk').expect(200);
    });

    it('answers readiness with the database up', async () => {
      const res = await t.http.get('/health/ready').expect(200);
      expect(res.body).toMatchObject({ status: 'ok', info: { database: { status: 'up' } } });
    });

    it.each(['/api/v1/health', '/api/v1/health/ready'])(
      'is not served under the prefix: %s is 404',
      async (path) => {
        expectErrorBody(await t.http.get(path).expect(404), 404, 'NOT_FOUND');
      },
    );

    it('answers readiness 503 in the error shape when the database is gone, while liveness stays 200', async () => {
      const doomed = await startTestApp();
      try {
        await doomed.http.get('/health/ready').expect(200);
        const name = new URL(doomed.databaseUrl).pathname.slice(1);
        await adminQuery(process.env[ADMIN_URL_ENV]!, `DROP DATABASE "${name}" WITH (FORCE)`);
        const res = await doomed.http.get('/health/ready').expect(503);
        expectErrorBody(res, 503, 'SERVICE_UNAVAILABLE');
        await doomed.http.get('/health').expect(200);
      } finally {
        await doomed.close();
      }
    });
  });

  describe('OpenAPI document', () => {
    type Operation = {
      security?: Record<string, string[]>[];
      parameters?: { name: string; in: string; schema?: { minimum?: number; maximum?: number } }[];
      responses: Record<
        string,
        { content?: { 'application/json'?: { schema?: { $ref?: string } } } }
      >;
    };
    let doc: {
      openapi: string;
      paths: Record<string, Record<string, Operation>>;
      components: {
        schemas: Record<string, { properties?: Record<string, unknown>; required?: string[] }>;
        securitySchemes?: Record<string, unknown>;
      };
    };

    beforeAll(async () => {
      doc = (await t.http.get('/docs-json').expect(200).expect('Content-Type', /json/)).body;
    });

    it('is OpenAPI 3 with a bearer security scheme', () => {
      expect(doc.openapi).toMatch(/^3\./);
      expect(doc.components.securitySchemes).toEqual({
        bearer: expect.objectContaining({ type: 'http', scheme: 'bearer' }),
      });
    });

    // [method, path, signed in?, documented error statuses]
    const operations: [string, string, boolean, number[]][] = [
      ['post', '/api/v1/auth/register', false, [400, 409]],
      ['post', '/api/v1/auth/login', false, [400, 401]],
      ['get', '/api/v1/auth/me', true, [401]],
      ['get', '/api/v1/products', false, [400]],
      ['get', '/api/v1/products/{id}', false, [404]],
      ['post', '/api/v1/products', true, [400, 401, 403]],
      ['patch', '/api/v1/products/{id}', true, [400, 401, 403, 404]],
      ['delete', '/api/v1/products/{id}', true, [401, 403, 404]],
      ['post', '/api/v1/orders', true, [400, 401, 403, 404]],
      ['get', '/api/v1/orders', true, [400, 401]],
      ['get', '/api/v1/orders/{orderId}', true, [401, 404]],
      ['post', '/api/v1/orders/{orderId}/cancel', true, [401, 404, 409]],
      ['get', '/health', false, []],
      ['get', '/health/ready', false, []],
    ];

    it.each(operations)(
      'documents %s %s, its security and its error responses',
      (method, path, signedIn, errors) => {
        const operation = doc.paths[path]?.[method];
        expect(operation).toBeDefined();
        expect(operation.security ?? []).toEqual(signedIn ? [{ bearer: [] }] : []);
        for (const status of errors) {
          expect({
            status,
            schema: operation.responses[String(status)]?.content?.['application/json']?.schema,
          }).toEqual({
            status,
            schema: { $ref: '#/components/schemas/ErrorResponseDto' },
          });
        }
      },
    );

    it('documents the error body once, and the request DTOs with their fields (no client amount on orders)', () => {
      const { schemas } = doc.components;
      expect(schemas.ErrorResponseDto.required?.sort()).toEqual(['code', 'message', 'statusCode']);
      expect(Object.keys(schemas.ErrorResponseDto.properties ?? {}).sort()).toEqual([
        'code',
        'details',
        'message',
        'statusCode',
      ]);
      expect(Object.keys(schemas.RegisterDto.properties ?? {}).sort()).toEqual([
        'email',
        'name',
        'password',
      ]);
      expect(Object.keys(schemas.CreateOrderDto.properties ?? {})).toEqual(['items']);
      expect(Object.keys(schemas.OrderItemInputDto.properties ?? {}).sort()).toEqual([
        'productId',
        'quantity',
      ]);
      expect(Object.keys(schemas.CreateProductDto.properties ?? {}).sort()).toEqual([
        'description',
        'name',
        'price',
      ]);
      expect(Object.keys(schemas.UpdateProductDto.properties ?? {}).sort()).toEqual([
        'active',
        'description',
        'name',
        'price',
      ]);
      expect(schemas.UpdateProductDto.required ?? []).toEqual([]);
    });

    it('documents the page bounds (limit 1..100)', () => {
      const limit = doc.paths['/api/v1/products'].get.parameters?.find((p) => p.name === 'limit');
      expect(limit).toMatchObject({ in: 'query', schema: { minimum: 1, maximum: 100 } });
    });

    it('serves Swagger UI at /docs', async () => {
      const res = await t.http.get('/docs').redirects(1).expect(200);
      expect(res.headers['content-type']).toMatch(/text\/html/);
      expect(res.text).toMatch(/swagger/i);
    });
  });

  describe('X-Request-Id', () => {
    it('echoes a well-formed X-Request-Id', async () => {
      const id = `req-${randomUUID()}`;
      await t.http.get('/health').set('X-Request-Id', id).expect(200).expect('X-Request-Id', id);
    });

    it('makes one (a UUID) when none is sent, different every time', async () => {
      const [a, b] = await Promise.all([
        t.http.get('/health').expect(200),
        t.http.get('/health').expect(200),
      ]);
      expect(a.headers['x-request-id']).toMatch(UUID_V4);
      expect(b.headers['x-request-id']).toMatch(UUID_V4);
      expect(a.headers['x-request-id']).not.toBe(b.headers['x-request-id']);
    });

    it.each([
      ['spaces', 'not ok'],
      ['129 characters', 'r'.repeat(129)],
      ['markup', '<script>'],
    ])('replaces a malformed one (%s) with its own', async (_, given) => {
      const res = await t.http.get('/health').set('X-Request-Id', given).expect(200);
      expect(res.headers['x-request-id']).toMatch(UUID_V4);
    });

    it('is on error responses too (404, 401, 400, 413)', async () => {
      const kim = await customer(t.http);
      const cases = [
        t.http.get('/api/v1/nowhere').set('X-Request-Id', 'id-404').expect(404),
        t.http.get('/api/v1/auth/me').set('X-Request-Id', 'id-401').expect(401),
        t.http
          .post('/api/v1/orders')
          .set(kim.auth)
          .set('X-Request-Id', 'id-400')
          .send({ items: [] })
          .expect(400),
        t.http
          .post('/api/v1/orders')
          .set(kim.auth)
          .set('X-Request-Id', 'id-413')
          .send({ items: 'x'.repeat(150_000) })
          .expect(413),
      ];
      const responses = await Promise.all(cases);
      expect(responses.map((r) => r.headers['x-request-id'])).toEqual([
        'id-404',
        'id-401',
        'id-400',
        'id-413',
      ]);
    });
  });
});
