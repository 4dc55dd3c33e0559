import request from 'supertest';
import {
  answerProblems,
  committedDocument,
  operationById,
  SandboxDocument,
  schemaProblems,
} from '../../packages/toss-sandbox/test/openapi-check';
import { startTestApp, TestApp } from '../setup/test-app';
import { basicAuth, eventually, newOrderId } from './sandbox-helpers';

/**
 * The sandbox's own contract where the app mounts it: Swagger UI at /sandbox/docs, the document
 * (packages/toss-sandbox/openapi.json) at /sandbox/docs-json; a payment authorized and confirmed as
 * it describes; the product's document (/docs-json) untouched by it; nothing served without the
 * sandbox.
 */
describe('Toss sandbox: its OpenAPI document in the app', () => {
  let t: TestApp;
  let doc: SandboxDocument;

  /** A call by operationId, at the document's server + path; the answer must be documented. */
  const call = async (
    operationId: string,
    options: { path?: Record<string, string>; query?: Record<string, string>; body?: object } = {},
  ) => {
    const { method, path, operation } = operationById(doc, operationId);
    const url =
      doc.servers[0].url +
      path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(options.path![name]));
    if (options.body !== undefined)
      expect(
        schemaProblems(
          doc,
          operation.requestBody!.content['application/json'].schema,
          options.body,
        ),
      ).toEqual([]);
    let req = t.http[method as 'get' | 'post' | 'delete'](url).query(options.query ?? {});
    if (operation.security?.length) req = req.set(basicAuth());
    const res = options.body === undefined ? await req : await req.send(options.body);
    expect(answerProblems(doc, method, url, res.status, res.body)).toEqual([]);
    return res;
  };

  beforeAll(async () => {
    t = await startTestApp();
    doc = (await t.http.get('/sandbox/docs-json').expect(200).expect('Content-Type', /json/))
      .body as SandboxDocument;
  });
  afterAll(() => t.close());

  it('serves Swagger UI at /sandbox/docs and the committed document at /sandbox/docs-json', async () => {
    expect(doc).toEqual(committedDocument());
    const ui = await t.http.get('/sandbox/docs').expect(200);
    expect(ui.headers['content-type']).toMatch(/text\/html/);
    expect(ui.text).toContain('swagger-ui');
    const init = await t.http.get('/sandbox/docs/swagger-ui-init.js').expect(200);
    expect(init.text).toContain('authorizePayment');
    // Outside the /api/v1 prefix, like the sandbox's routes.
    await t.http.get('/api/v1/sandbox/docs-json').expect(404);
  });

  it('lists the test controls: authorize, deposit, faults, clock and read-back', () => {
    for (const id of [
      'authorizePayment',
      'depositToVirtualAccount',
      'addFault',
      'listFaults',
      'clearFaults',
      'clearFault',
      'getClock',
      'setClock',
      'resetClock',
      'resetTestControls',
      'readBackOrder',
      'listWebhookDeliveries',
    ])
      expect(operationById(doc, id).operation.security).toEqual([]);
  });

  it('authorizes and confirms exactly as it describes, and documents the webhooks that follow', async () => {
    const schema = doc.components.schemas.AuthorizePaymentRequest;
    // What the schema requires, with its own example values (a fresh orderId).
    const body = Object.fromEntries(
      schema.required!.map((name) => [name, schema.properties![name].example]),
    );
    body.orderId = newOrderId();
    const authorized = (await call('authorizePayment', { body }).then((r) => r.body)) as {
      paymentKey: string;
    };
    const confirmed = await call('confirmPayment', {
      body: { paymentKey: authorized.paymentKey, orderId: body.orderId, amount: body.amount },
    });
    expect([confirmed.status, confirmed.body.status]).toEqual([200, 'DONE']);
    const readBack = await call('readBackOrder', { query: { orderId: body.orderId as string } });
    expect(readBack.body).toMatchObject({ approvals: 1, payment: { status: 'DONE' } });
    // The app's own sandbox posts to the app: the delivery and its payload as documented.
    const deliveries = await eventually(async () => {
      const res = await call('listWebhookDeliveries', {
        query: { orderId: body.orderId as string },
      });
      return res.body.deliveries.length > 0 ? res.body.deliveries : undefined;
    });
    expect(deliveries[0]).toMatchObject({
      eventType: 'PAYMENT_STATUS_CHANGED',
      payload: { data: { status: 'DONE' } },
    });
  });

  it("leaves the product's document (/docs-json) without any sandbox route or schema", async () => {
    const product = (await t.http.get('/docs-json').expect(200)).body as SandboxDocument;
    expect(Object.keys(product.paths).filter((path) => path.includes('sandbox'))).toEqual([]);
    const sandboxSchemas = Object.keys(doc.components.schemas);
    expect(
      Object.keys(product.components.schemas).filter((s) => sandboxSchemas.includes(s)),
    ).toEqual([]);
  });
});

describe('Toss sandbox: no document without the sandbox', () => {
  let t: TestApp;
  const saved = process.env.SANDBOX_ENABLED;

  beforeAll(async () => {
    t = await startTestApp({ env: { SANDBOX_ENABLED: 'false' } });
  });
  afterAll(async () => {
    await t.close();
    if (saved === undefined) delete process.env.SANDBOX_ENABLED;
    else process.env.SANDBOX_ENABLED = saved;
  });

  it('serves neither /sandbox/docs nor /sandbox/docs-json', async () => {
    await request(t.baseUrl).get('/sandbox/docs').expect(404);
    await request(t.baseUrl).get('/sandbox/docs-json').expect(404);
    await t.http.get('/docs-json').expect(200);
  });
});
