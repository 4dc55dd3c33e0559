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
    type Schema = {
      $ref?: string;
      oneOf?: Schema[];
      discriminator?: { propertyName: string; mapping: Record<string, string> };
      properties?: Record<string, Schema>;
      required?: string[];
      enum?: unknown[];
      type?: string;
      additionalProperties?: boolean;
    };
    type Operation = {
      operationId?: string;
      description?: string;
      security?: Record<string, string[]>[];
      parameters?: { name: string; in: string; schema?: { minimum?: number; maximum?: number } }[];
      responses: Record<
        string,
        {
          headers?: Record<string, unknown>;
          content?: {
            'application/json'?: { schema?: Schema; examples?: Record<string, unknown> };
          };
        }
      >;
    };
    let doc: {
      openapi: string;
      paths: Record<string, Record<string, Operation>>;
      components: { schemas: Record<string, Schema>; securitySchemes?: Record<string, unknown> };
    };

    beforeAll(async () => {
      doc = (await t.http.get('/docs-json').expect(200).expect('Content-Type', /json/)).body;
    });

    const resolve = (schema: Schema): Schema =>
      schema.$ref
        ? doc.components.schemas[schema.$ref.replace('#/components/schemas/', '')]
        : schema;
    /** The error codes one response documents, from the schemas of its union. */
    const codesOf = (operation: Operation, status: number): string[] => {
      const schema = operation.responses[String(status)]?.content?.['application/json']?.schema;
      if (!schema) return [];
      const members = schema.oneOf ?? [schema];
      return members.flatMap(
        (member) => (resolve(member).properties?.code?.enum ?? []) as string[],
      );
    };

    it('is OpenAPI 3 with a bearer security scheme', () => {
      expect(doc.openapi).toMatch(/^3\./);
      expect(doc.components.securitySchemes).toEqual({
        bearer: expect.objectContaining({ type: 'http', scheme: 'bearer' }),
      });
    });

    // [method, path, operationId, signed in?, codes documented per error status]
    const operations: [string, string, string, boolean, Record<number, string[]>][] = [
      ['post', '/api/v1/auth/register', 'register', false, { 409: ['EMAIL_TAKEN'] }],
      ['post', '/api/v1/auth/login', 'login', false, { 401: ['INVALID_CREDENTIALS'] }],
      ['get', '/api/v1/auth/me', 'getMe', true, { 401: ['UNAUTHORIZED'] }],
      ['get', '/api/v1/products/{id}', 'getProduct', false, { 404: ['PRODUCT_NOT_FOUND'] }],
      ['delete', '/api/v1/products/{id}', 'deactivateProduct', true, { 403: ['FORBIDDEN'] }],
      ['post', '/api/v1/orders', 'createOrder', true, { 404: ['PRODUCT_NOT_FOUND'] }],
      [
        'post',
        '/api/v1/orders/{orderId}/cancel',
        'cancelOrder',
        true,
        { 409: ['ORDER_NOT_CANCELABLE'] },
      ],
      [
        'post',
        '/api/v1/payments/confirm',
        'confirmPayment',
        true,
        {
          400: ['VALIDATION_ERROR', 'MALFORMED_JSON', 'AMOUNT_MISMATCH'],
          409: ['ORDER_NOT_PAYABLE', 'PAYMENT_IN_PROGRESS'],
          429: ['RATE_LIMITED'],
          500: ['INTERNAL_ERROR', 'MERCHANT_CONFIGURATION_ERROR'],
          502: ['PAYMENT_OUTCOME_UNKNOWN', 'PAYMENT_MISMATCH'],
          503: ['SERVICE_UNAVAILABLE'],
        },
      ],
      [
        'post',
        '/api/v1/payments/{paymentKey}/cancel',
        'cancelPayment',
        true,
        { 403: ['FORBIDDEN'] },
      ],
      ['get', '/health', 'checkLiveness', false, { 500: ['INTERNAL_ERROR'] }],
      ['get', '/health/ready', 'checkReadiness', false, { 503: ['SERVICE_UNAVAILABLE'] }],
    ];

    it.each(operations)(
      'documents %s %s as %s, its security and its error codes',
      (method, path, operationId, signedIn, errors) => {
        const operation = doc.paths[path]?.[method];
        expect(operation).toBeDefined();
        expect(operation.operationId).toBe(operationId);
        expect(operation.description).toEqual(expect.stringMatching(/\S/));
        expect(operation.security).toEqual(signedIn ? [{ bearer: [] }] : []);
        for (const [status, codes] of Object.entries(errors))
          expect({ status, codes: codesOf(operation, Number(status)) }).toEqual({
            status,
            codes: expect.arrayContaining(codes),
          });
      },
    );

    it('types each error: a union by `code` whose members name their codes, details and example', () => {
      const confirm = doc.paths['/api/v1/payments/confirm'].post;
      const badRequest = confirm.responses['400'].content!['application/json']!;
      expect(badRequest.schema?.discriminator?.propertyName).toBe('code');
      expect(Object.keys(badRequest.examples ?? {}).sort()).toEqual(codesOf(confirm, 400).sort());
      expect(doc.components.schemas.AmountMismatchError).toMatchObject({
        additionalProperties: false,
        required: ['statusCode', 'code', 'message', 'details'],
        properties: {
          statusCode: { type: 'integer', enum: [400] },
          code: { enum: ['AMOUNT_MISMATCH'] },
          details: {
            required: ['expected', 'got'],
            properties: { expected: { type: 'integer' }, got: { type: 'integer' } },
          },
        },
      });
      // Declines keep Toss's code with our 402; Toss's own statuses are never documented.
      expect(codesOf(confirm, 402)).toEqual(
        expect.arrayContaining([
          'REJECT_CARD_PAYMENT',
          'INVALID_CARD_EXPIRATION',
          'PAYMENT_DECLINED',
        ]),
      );
      expect(confirm.responses['403']).toBeUndefined();
      expect(Object.keys(confirm.responses['429'].headers ?? {})).toEqual(['Retry-After']);
      expect(Object.keys(confirm.responses['503'].headers ?? {})).toEqual(['Retry-After']);
    });

    it('documents the request DTOs closed, with their fields (no client amount on orders)', () => {
      const { schemas } = doc.components;
      for (const name of ['RegisterDto', 'CreateOrderDto', 'OrderItemInputDto', 'CancelPaymentDto'])
        expect({ name, closed: schemas[name].additionalProperties }).toEqual({
          name,
          closed: false,
        });
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
        'taxClass',
      ]);
      expect(Object.keys(schemas.UpdateProductDto.properties ?? {}).sort()).toEqual([
        'active',
        'description',
        'name',
        'price',
        'taxClass',
      ]);
      expect(schemas.UpdateProductDto.required ?? []).toEqual([]);
    });

    it('documents the Idempotency-Key of a refund once, with its pattern', () => {
      const parameters = doc.paths['/api/v1/payments/{paymentKey}/cancel'].post.parameters ?? [];
      expect(parameters.filter((p) => p.in === 'header').map((p) => [p.name, p.schema])).toEqual([
        ['Idempotency-Key', { type: 'string', pattern: '^[A-Za-z0-9_.:-]{1,64}$' }],
      ]);
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
