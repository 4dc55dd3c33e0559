import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import {
  committedDocument,
  operations,
  SandboxDocument,
  schemaProblems,
} from '../test/openapi-check';
import { buildSandboxDocument, SANDBOX_DOCS } from './sandbox-docs';
import { SandboxStandaloneModule } from './sandbox-standalone';

/**
 * The sandbox's OpenAPI document, built as a host app or the bin builds it (preview mode: the module
 * graph without providers, so no database): the committed openapi.json is what the sources make,
 * every operation is described for a client generator, and a host app's own document (built over
 * all its modules) never gains the sandbox's routes or schemas.
 */
describe('the sandbox OpenAPI document', () => {
  let app: INestApplication;
  let doc: SandboxDocument;

  beforeAll(async () => {
    app = await NestFactory.create(
      SandboxStandaloneModule.forRoot({ databaseUrl: 'postgres://unused@127.0.0.1:1/none' }),
      new FastifyAdapter(),
      { logger: false, preview: true },
    );
    doc = buildSandboxDocument(app) as unknown as SandboxDocument;
  });
  afterAll(() => app.close());

  it('is the committed packages/toss-sandbox/openapi.json (npm run openapi -w toss-sandbox)', () => {
    expect(doc).toEqual(committedDocument());
  });

  it("has Toss's API and the test controls, each with a verb for an operationId", () => {
    const ids = operations(doc).map(
      (o) => `${o.method.toUpperCase()} ${o.path} ${o.operation.operationId}`,
    );
    expect(ids.sort()).toEqual(
      [
        'POST /v1/payments/confirm confirmPayment',
        'GET /v1/payments/{paymentKey} getPaymentByKey',
        'GET /v1/cash-receipts listCashReceipts',
        'GET /v1/payments/orders/{orderId} getPaymentByOrderId',
        'POST /v1/payments/{paymentKey}/cancel cancelPayment',
        'POST /v1/virtual-accounts issueVirtualAccount',
        'POST /v1/billing/authorizations/issue issueBillingKey',
        'POST /v1/billing/{billingKey} chargeBillingKey',
        'POST /v1/cash-receipts issueCashReceipt',
        'POST /v1/cash-receipts/{receiptKey}/cancel cancelCashReceipt',
        'DELETE /v1/billing/{billingKey} deleteBillingKey',
        'POST /test/authorize authorizePayment',
        'POST /test/billing/authorize authorizeBilling',
        'POST /test/billing/{billingKey}/delete deleteBillingKeyAsIssuer',
        'GET /test/billing readBackBilling',
        'POST /test/cash-receipts/{receiptKey}/outcome decideCashReceiptOutcome',
        'GET /test/cash-receipts readBackCashReceipts',
        'POST /test/deposit depositToVirtualAccount',
        'POST /test/faults addFault',
        'GET /test/faults listFaults',
        'DELETE /test/faults clearFaults',
        'DELETE /test/faults/{id} clearFault',
        'GET /test/clock getClock',
        'POST /test/clock setClock',
        'DELETE /test/clock resetClock',
        'POST /test/reset resetTestControls',
        'GET /test/payments readBackOrder',
        'GET /test/webhooks listWebhookDeliveries',
      ].sort(),
    );
    expect(doc.servers).toEqual([{ url: SANDBOX_DOCS.server, description: expect.any(String) }]);
  });

  it("describes every operation: one declared tag, summary, description, security, 2xx and errors as Toss's {code, message}", () => {
    const tags = doc.tags.map((t) => t.name);
    for (const { path, operation } of operations(doc)) {
      const at = operation.operationId;
      expect([at, operation.tags?.length]).toEqual([at, 1]);
      expect(tags).toContain(operation.tags![0]);
      expect([at, operation.summary && operation.description]).toEqual([at, expect.any(String)]);
      // Toss's API: Basic auth with the secret key; the test controls: none.
      expect([at, operation.security]).toEqual([
        at,
        path.startsWith('/v1/') ? [{ tossSecretKey: [] }] : [],
      ]);
      const statuses = Object.keys(operation.responses);
      expect([at, statuses.filter((s) => s.startsWith('2'))]).toEqual([at, ['200']]);
      for (const status of statuses.filter((s) => !s.startsWith('2')))
        expect([at, status, operation.responses[status].content]).toEqual([
          at,
          status,
          {
            'application/json': {
              schema: { $ref: '#/components/schemas/TossError' },
              examples: expect.any(Object),
            },
          },
        ]);
    }
    expect(doc.components.securitySchemes).toEqual({
      tossSecretKey: expect.objectContaining({ type: 'http', scheme: 'basic' }),
    });
  });

  it('has examples that match their own schemas', () => {
    for (const { operation } of operations(doc))
      for (const [status, response] of Object.entries(operation.responses)) {
        const media = response.content?.['application/json'];
        for (const [name, example] of Object.entries(media?.examples ?? {}))
          expect([
            operation.operationId,
            status,
            name,
            schemaProblems(doc, media!.schema, example.value),
          ]).toEqual([operation.operationId, status, name, []]);
      }
  });

  it("never puts the sandbox's routes or schemas in a host app's own document", () => {
    const hostDocument = (): OpenAPIObject =>
      SwaggerModule.createDocument(app, new DocumentBuilder().setTitle('host').build());
    const before = hostDocument();
    buildSandboxDocument(app);
    const after = hostDocument();
    expect(after).toEqual(before);
    expect(Object.keys(after.paths)).toEqual([]);
    expect(Object.keys(after.components?.schemas ?? {})).toEqual([]);
  });
});
