import fc from 'fast-check';
import type { Response } from 'supertest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createOrder } from '../factories/catalogue.factory';
import { paidOrder, useShop } from '../factories/checkout.factory';
import {
  describeRequest,
  Hints,
  invalidRequest,
  loadOpenApi,
  Operation,
  send,
  validRequest,
} from '../support/openapi-fuzz';

const FRONTEND_URL = 'http://shop.test/demo';
/** FUZZ_SEED=<n> replays a run; fast-check prints the seed and the path of any counterexample. */
const SEED = process.env.FUZZ_SEED
  ? Number(process.env.FUZZ_SEED)
  : Date.now() ^ (Math.random() * 0x100000000);
const VALID_RUNS = 12;
const INVALID_RUNS = 40;

/**
 * What valid input gets, per operation, decided here rather than guessed from the document:
 * - accepted: a generated valid request must succeed (2xx). Path ids name real things (hints).
 * - redirect: the Toss redirect routes answer a 302 to FRONTEND_URL whatever the confirm decided
 *   (a random orderId fails the confirm, which is reported on /payments/fail).
 * - state: whether it succeeds depends on business state the generator does not control (a login
 *   with random credentials, a confirm of a random order, a refund whose balance earlier runs have
 *   used, an order already canceled); any answer but a 5xx goes, a 4xx in the error shape.
 * A new operation in openapi.json fails the first test until it is given a line here.
 */
type Who = 'anyone' | 'customer' | 'admin';
type Valid = 'accepted' | 'redirect' | 'state';
const EXPECTATIONS: Record<string, { who: Who; valid: Valid; runs?: number; roleOnly?: boolean }> =
  {
    'POST /api/v1/auth/register': { who: 'anyone', valid: 'accepted', runs: 6 },
    'POST /api/v1/auth/login': { who: 'anyone', valid: 'state', runs: 4 },
    'GET /api/v1/auth/me': { who: 'customer', valid: 'accepted' },
    'GET /api/v1/products': { who: 'anyone', valid: 'accepted' },
    'POST /api/v1/products': { who: 'admin', valid: 'accepted', roleOnly: true },
    'GET /api/v1/products/{id}': { who: 'anyone', valid: 'accepted' },
    'PATCH /api/v1/products/{id}': { who: 'admin', valid: 'accepted', roleOnly: true },
    'DELETE /api/v1/products/{id}': { who: 'admin', valid: 'accepted', roleOnly: true },
    'POST /api/v1/orders': { who: 'customer', valid: 'accepted', roleOnly: true },
    'GET /api/v1/orders': { who: 'customer', valid: 'accepted' },
    'GET /api/v1/orders/{orderId}': { who: 'customer', valid: 'accepted' },
    'POST /api/v1/orders/{orderId}/cancel': { who: 'customer', valid: 'state' },
    'POST /api/v1/payments/confirm': { who: 'customer', valid: 'state' },
    'GET /api/v1/payments/toss/success': { who: 'anyone', valid: 'redirect' },
    'GET /api/v1/payments/toss/fail': { who: 'anyone', valid: 'redirect' },
    'POST /api/v1/payments/{paymentKey}/cancel': { who: 'admin', valid: 'state', roleOnly: true },
    'GET /api/v1/payments/{paymentKey}': { who: 'customer', valid: 'accepted' },
    'POST /api/v1/payments/{paymentKey}/cash-receipt': { who: 'customer', valid: 'state' },
    'GET /api/v1/payments/{paymentKey}/cash-receipt': { who: 'customer', valid: 'state' },
    'GET /api/v1/admin/reconciliation': {
      who: 'admin',
      valid: 'accepted',
      runs: 3,
      roleOnly: true,
    },
    'GET /api/v1/billing/customer-key': { who: 'customer', valid: 'accepted', roleOnly: true },
    'POST /api/v1/billing/cards': { who: 'customer', valid: 'state', roleOnly: true },
    'GET /api/v1/billing/cards': { who: 'customer', valid: 'accepted', roleOnly: true },
    'DELETE /api/v1/billing/cards/{cardId}': { who: 'customer', valid: 'state', roleOnly: true },
    'GET /api/v1/plans': { who: 'anyone', valid: 'accepted' },
    'POST /api/v1/plans': { who: 'admin', valid: 'accepted', roleOnly: true },
    'PATCH /api/v1/plans/{planId}': { who: 'admin', valid: 'state', roleOnly: true },
    'POST /api/v1/subscriptions': { who: 'customer', valid: 'state', roleOnly: true },
    'GET /api/v1/subscriptions': { who: 'customer', valid: 'accepted', roleOnly: true },
    'GET /api/v1/subscriptions/{subscriptionId}': {
      who: 'customer',
      valid: 'state',
      roleOnly: true,
    },
    'POST /api/v1/subscriptions/{subscriptionId}/cancel': {
      who: 'customer',
      valid: 'state',
      roleOnly: true,
    },
    'POST /api/v1/subscriptions/{subscriptionId}/resume': {
      who: 'customer',
      valid: 'state',
      roleOnly: true,
    },
    'PUT /api/v1/subscriptions/{subscriptionId}/card': {
      who: 'customer',
      valid: 'state',
      roleOnly: true,
    },
    'POST /api/v1/webhooks/toss': { who: 'anyone', valid: 'accepted' },
    'GET /health': { who: 'anyone', valid: 'accepted', runs: 2 },
    'GET /health/ready': { who: 'anyone', valid: 'accepted', runs: 2 },
  };

const ERROR_KEYS = ['statusCode', 'code', 'message', 'details'];

/** What is wrong with an answer as the contract's error body (none: it is one). */
function errorShapeProblems(res: Response): string[] {
  const body = (res.body ?? {}) as Record<string, unknown>;
  const problems = [
    !/^application\/json/.test(String(res.headers['content-type'])) && 'not JSON',
    body.statusCode !== res.status && 'statusCode is not the HTTP status',
    !/^[A-Z][A-Z0-9_]*$/.test(String(body.code)) && 'code is not UPPER_SNAKE',
    !(typeof body.message === 'string' && /\S/.test(body.message)) && 'no message',
    Object.keys(body).some((key) => !ERROR_KEYS.includes(key)) && 'keys beyond the contract',
    body.code === 'VALIDATION_ERROR' &&
      body.details !== undefined &&
      !(
        Array.isArray(body.details) &&
        body.details.every(
          (d: { field?: unknown; problems?: unknown }) =>
            typeof d.field === 'string' && Array.isArray(d.problems) && d.problems.length > 0,
        )
      ) &&
      'details are not [{field, problems}]',
  ];
  return problems.filter((p): p is string => typeof p === 'string');
}

interface PublishedSchema {
  $ref?: string;
  oneOf?: PublishedSchema[];
  properties?: { code?: { enum?: string[] } };
}
const PUBLISHED = JSON.parse(readFileSync(join(__dirname, '..', '..', 'openapi.json'), 'utf8')) as {
  paths: Record<
    string,
    Record<
      string,
      {
        responses: Record<string, { content?: Record<string, { schema?: PublishedSchema }> }>;
      }
    >
  >;
  components: { schemas: Record<string, PublishedSchema> };
};

/** Whether openapi.json lists this status for the operation, and for an error this `code`. */
function documentedProblems(op: Operation, res: Response): string[] {
  const answer = PUBLISHED.paths[op.path]?.[op.method]?.responses[String(res.status)];
  if (!answer) return [`status ${res.status} is not documented`];
  if (res.status < 400) return [];
  const schema = answer.content?.['application/json']?.schema;
  const members = schema?.oneOf ?? (schema ? [schema] : []);
  const codes = members.flatMap(
    (member) =>
      (member.$ref
        ? PUBLISHED.components.schemas[member.$ref.replace('#/components/schemas/', '')]
        : member
      )?.properties?.code?.enum ?? [],
  );
  const code = (res.body as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' && codes.includes(code)
    ? []
    : [`code ${String(code)} is not documented for ${res.status} (${codes.join(', ')})`];
}

/** What is wrong with the answer to a valid request, given what the operation promises. */
function validAnswerProblems(valid: Valid, res: Response): string[] {
  if (res.status >= 500) return ['a 5xx'];
  switch (valid) {
    case 'accepted':
      return res.status >= 200 && res.status < 300 ? [] : ['not accepted (2xx)'];
    case 'redirect':
      return res.status === 302 &&
        new RegExp(`^${FRONTEND_URL}/payments/(success|fail)\\?`).test(String(res.headers.location))
        ? []
        : ['not a 302 to FRONTEND_URL/payments/…'];
    case 'state':
      return res.status >= 400 ? errorShapeProblems(res) : [];
  }
}

describe('every operation of openapi.json under generated input (property-based)', () => {
  const shop = useShop({
    FRONTEND_URL,
    RECONCILE_INTERVAL_MS: '0',
    RECONCILE_AUDIT_INTERVAL_MS: '0',
    RATE_LIMIT_GLOBAL: '0',
    RATE_LIMIT_AUTH_PER_IP: '0',
    RATE_LIMIT_AUTH_PER_EMAIL: '0',
    RATE_LIMIT_CONFIRM_PER_CUSTOMER: '0',
  });
  const { operations, deref } = loadOpenApi();
  const known = { editableProductId: '', orderId: '', cancelableOrderId: '', paymentKey: '' };
  let emails = 0;

  beforeAll(async () => {
    const { http } = shop.t;
    known.editableProductId = (
      await http
        .post('/api/v1/products')
        .set(shop.boss.auth)
        .send({ name: 'fuzz', price: 1000 })
        .expect(201)
    ).body.id;
    const productId = shop.products['상품1'].id;
    known.orderId = (await createOrder(http, shop.kim.auth, [{ productId, quantity: 1 }])).orderId;
    known.cancelableOrderId = (
      await createOrder(http, shop.kim.auth, [{ productId, quantity: 1 }])
    ).orderId;
    known.paymentKey = (await paidOrder(http, shop.kim, shop.products['상품3'])).paymentKey;
  });

  const hints: Hints = {
    field: (name) => {
      // Its maximum depends on intervalUnit (12 months, 52 weeks, 365 days), which the schema
      // cannot say: draw counts every unit accepts.
      if (name === 'intervalCount') return fc.integer({ min: 1, max: 12 });
      if (name === 'productId')
        return fc.constantFrom(...Object.values(shop.products).map((p) => p.id));
      // Unique, so that a valid registration is never EMAIL_TAKEN by an earlier run.
      if (name === 'email')
        return fc.integer().map(() => `fuzz-${SEED >>> 0}-${++emails}@example.com`);
      return undefined;
    },
    path: (op, name) => {
      if (name === 'id')
        return op.method === 'get' ? shop.products['상품1'].id : known.editableProductId;
      if (name === 'orderId')
        return op.path.endsWith('/cancel') ? known.cancelableOrderId : known.orderId;
      if (name === 'paymentKey') return known.paymentKey;
      return undefined;
    },
  };

  const tokensFor = (op: Operation) => {
    const { who, roleOnly } = EXPECTATIONS[op.key];
    const right =
      who === 'admin' ? shop.boss.token : who === 'customer' ? shop.kim.token : undefined;
    const otherRole = roleOnly ? (who === 'admin' ? shop.kim.token : shop.boss.token) : undefined;
    return { right, otherRole };
  };

  const options = (runs: number): fc.Parameters<unknown> => ({
    seed: SEED,
    numRuns: runs,
    // Shrinking replays requests against a database earlier runs changed: keep it bounded.
    interruptAfterTimeLimit: 25_000,
  });

  it('has an expectation for every operation in openapi.json, and none for operations it lacks', () => {
    expect(operations.map((op) => op.key).sort()).toEqual(Object.keys(EXPECTATIONS).sort());
  });

  describe.each(operations.map((op) => [op.key, op] as const))('%s', (_, op) => {
    const expectation = EXPECTATIONS[op.key];

    it('never answers valid input with a 5xx, and accepts it where business state cannot refuse it', async () => {
      await fc.assert(
        fc.asyncProperty(validRequest(op, deref, hints), async (req) => {
          const res = await send(shop.t.http, op, req, tokensFor(op));
          const seen = `${describeRequest(op, req)} → ${res.status} ${JSON.stringify(res.body)}`;
          const problems = [
            ...validAnswerProblems(expectation.valid, res),
            ...documentedProblems(op, res),
          ];
          expect({ seen, problems }).toEqual({
            seen,
            problems: [],
          });
        }),
        options(expectation.runs ?? VALID_RUNS),
      );
    });

    const underApi = op.path.startsWith('/api/v1/');
    // The health endpoints take no input at all: nothing to make invalid. (The hints name rows
    // made in beforeAll, so the arbitraries themselves are built inside the test.)
    if (!invalidRequest(op, deref, {}, { underApi })) return;

    it('answers input made invalid (wrong types, ill-formed text, NUL, huge numbers, repeated or odd parameters, no token) with a 4xx in the error shape', async () => {
      await fc.assert(
        fc.asyncProperty(
          invalidRequest(op, deref, hints, { underApi })!,
          async ({ mutation, request }) => {
            const res = await send(shop.t.http, op, request, tokensFor(op));
            const seen = `${mutation}: ${describeRequest(op, request)} → ${res.status} ${JSON.stringify(res.body)}`;
            const problems =
              res.status >= 400 && res.status < 500
                ? [...errorShapeProblems(res), ...documentedProblems(op, res)]
                : ['not a 4xx'];
            expect({ seen, problems }).toEqual({ seen, problems: [] });
          },
        ),
        options(INVALID_RUNS),
      );
    });
  });

  it('still serves the catalogue and the known order afterwards', async () => {
    await shop.t.http.get('/health/ready').expect(200);
    await shop.t.http.get(`/api/v1/orders/${known.orderId}`).set(shop.kim.auth).expect(200);
  });
});
