import { ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import TestAgent from 'supertest/lib/agent';
import {
  answerProblems,
  committedDocument,
  operationById,
  SandboxDocument,
  schemaProblems,
} from './openapi-check';

const PACKAGE = join(__dirname, '..');
const SECRET = `Basic ${Buffer.from('test_sk_bin_e2e:').toString('base64')}`;

/** Polls `probe` until it gives a value (no sleeps beyond the poll interval), or fails at the deadline. */
async function eventually<T>(probe: () => T | undefined, ms: number, what: string): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * `toss-sandbox --port 0` alone, as a benchmark or another app would start it: no database given,
 * so it starts a throwaway PostgreSQL, creates its schema, serves Toss's API and test controls on
 * Toss's paths, and stops cleanly (its database removed) on SIGTERM.
 */
describe('toss-sandbox bin (standalone, throwaway PostgreSQL)', () => {
  let child: ChildProcess;
  let toss: TestAgent;
  let output = '';

  beforeAll(async () => {
    if (!existsSync(join(PACKAGE, 'dist/main.js')))
      throw new Error('dist/ is missing: run "npm run build" in packages/toss-sandbox first');
    const env = { ...process.env };
    delete env.DATABASE_URL;
    delete env.SANDBOX_WEBHOOK_URL;
    child = spawn(process.execPath, ['bin/toss-sandbox.js', '--port', '0'], {
      cwd: PACKAGE,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const baseUrl = await eventually(
      () => {
        if (child.exitCode !== null)
          throw new Error(`the sandbox exited (${child.exitCode}): ${output}`);
        return /TOSS_API_BASE_URL=(http:\/\/127\.0\.0\.1:\d+\/sandbox\/toss)/.exec(output)?.[1];
      },
      90_000,
      'the sandbox to listen',
    );
    toss = request(baseUrl);
  }, 120_000);

  afterAll(() => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
  });

  it('authorizes, confirms and reads back a payment as Toss would', async () => {
    const orderId = `bin-${Date.now().toString(36)}`;
    const authorized = await toss
      .post('/test/authorize')
      .send({ orderId, amount: 15000, orderName: '상품3' })
      .expect(200);
    const { paymentKey } = authorized.body as { paymentKey: string };

    await toss
      .post('/v1/payments/confirm')
      .send({ paymentKey, orderId, amount: 15000 })
      .expect(401);
    const confirmed = await toss
      .post('/v1/payments/confirm')
      .set('Authorization', SECRET)
      .send({ paymentKey, orderId, amount: 15000 })
      .expect(200);
    expect(confirmed.body).toMatchObject({
      paymentKey,
      orderId,
      status: 'DONE',
      totalAmount: 15000,
    });

    const readBack = await toss.get('/test/payments').query({ orderId }).expect(200);
    expect(readBack.body).toMatchObject({ approvals: 1 });
  });

  it('serves the stand-in payment and billing-auth windows and SDK', async () => {
    const origin = /TOSS_API_BASE_URL=(http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1] ?? '';
    const sdk = await request(origin).get('/sandbox/sdk.js').expect(200);
    expect(sdk.text).toContain('TossPayments');
    const window = await request(origin).get('/sandbox/checkout').expect(200);
    expect(window.text).toContain('sandbox-data');
    const billing = await request(origin).get('/sandbox/checkout/billing').expect(200);
    expect(billing.text).toContain('defaultCardNumber');
    await request(origin).get('/sandbox/checkout/assets/window-common.js').expect(200);
  });

  describe('its OpenAPI document', () => {
    let origin: string;
    let doc: SandboxDocument;
    /**
     * A call as the document describes it (the server's URL + the operation's path, a body by its
     * schema unless `badBody`, Basic auth where it asks for it unless `anonymous`); the answer
     * must be documented.
     */
    const call = async (
      operationId: string,
      options: {
        path?: Record<string, string>;
        query?: Record<string, string>;
        body?: object;
        badBody?: true;
        anonymous?: true;
      } = {},
    ) => {
      const { method, path, operation } = operationById(doc, operationId);
      const url =
        doc.servers[0].url +
        path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(options.path![name]));
      if (options.body !== undefined && !options.badBody) {
        const schema = operation.requestBody!.content['application/json'].schema;
        expect([operationId, schemaProblems(doc, schema, options.body)]).toEqual([operationId, []]);
      }
      const agent = request(origin);
      let req = agent[method as 'get' | 'post' | 'delete'](url).query(options.query ?? {});
      if (!options.anonymous && operation.security?.length) req = req.set('Authorization', SECRET);
      const res = options.body === undefined ? await req : await req.send(options.body);
      expect(answerProblems(doc, method, url, res.status, res.body)).toEqual([]);
      return res;
    };

    beforeAll(async () => {
      origin = /TOSS_API_BASE_URL=(http:\/\/127\.0\.0\.1:\d+)/.exec(output)![1];
      doc = (
        await request(origin).get('/sandbox/docs-json').expect(200).expect('Content-Type', /json/)
      ).body as SandboxDocument;
    });

    it('is served at /sandbox/docs-json as committed (openapi.json), with Swagger UI at /sandbox/docs', async () => {
      expect(doc).toEqual(committedDocument());
      const ui = await request(origin).get('/sandbox/docs').expect(200);
      expect(ui.headers['content-type']).toMatch(/text\/html/);
      expect(ui.text).toContain('swagger-ui');
      // The UI's script carries this document, not another.
      const init = await request(origin).get('/sandbox/docs/swagger-ui-init.js').expect(200);
      expect(init.text).toContain('authorizePayment');
    });

    it('authorizes and confirms exactly as it describes (paths under its server, bodies by its schemas)', async () => {
      const authorizeBody = doc.components.schemas.AuthorizePaymentRequest;
      // Only what the schema requires, with its own example values (a fresh orderId).
      const body = Object.fromEntries(
        authorizeBody.required!.map((name) => [name, authorizeBody.properties![name].example]),
      );
      body.orderId = `doc-${Date.now().toString(36)}`;
      const authorized = await call('authorizePayment', { body }).then((r) => r.body);
      expect(authorized).toMatchObject({ orderId: body.orderId, amount: body.amount });
      const confirmed = await call('confirmPayment', {
        body: { paymentKey: authorized.paymentKey, orderId: body.orderId, amount: body.amount },
      });
      expect([confirmed.status, confirmed.body.status]).toEqual([200, 'DONE']);
    });

    it('registers a card, issues, charges and deletes a billing key exactly as it describes', async () => {
      const customerKey = `bin-${Date.now().toString(36)}`;
      const auth = (await call('authorizeBilling', { body: { customerKey } })).body;
      const billing = (await call('issueBillingKey', { body: auth })).body;
      expect(billing).toMatchObject({ customerKey, method: '카드' });
      const path = { billingKey: billing.billingKey as string };
      const charge = (orderId: string, extra: object = {}) => ({
        path,
        body: { customerKey, amount: 9900, orderId, orderName: '구독', ...extra },
      });
      const orderId = `bill-${Date.now().toString(36)}`;
      const charged = await call('chargeBillingKey', charge(orderId));
      expect(charged.body).toMatchObject({ type: 'BILLING', status: 'DONE', orderId });
      expect(
        (await call('chargeBillingKey', charge(`${orderId}-2`, { customerKey: 'someone-else' })))
          .status,
      ).toBe(400);
      await call('addFault', {
        body: {
          kind: 'DECLINE',
          code: 'REJECT_CARD_PAYMENT',
          billingKey: path.billingKey,
          count: 1,
        },
      });
      expect((await call('chargeBillingKey', charge(`${orderId}-3`))).status).toBe(403);
      const state = (await call('readBackBilling', { query: { customerKey } })).body;
      expect(state.billingKeys[0].payments.map((p: { status: string }) => p.status)).toEqual([
        'DONE',
        'ABORTED',
      ]);
      expect((await call('deleteBillingKey', { path })).status).toBe(200);
      expect((await call('deleteBillingKey', { path })).status).toBe(404);
      expect((await call('chargeBillingKey', charge(`${orderId}-4`))).status).toBe(400);
      const second = (
        await call('issueBillingKey', {
          body: (await call('authorizeBilling', { body: { customerKey } })).body,
        })
      ).body;
      const byIssuer = await call('deleteBillingKeyAsIssuer', {
        path: { billingKey: second.billingKey },
        body: { reason: '카드 해지' },
      });
      expect(byIssuer.body).toMatchObject({ status: 'DELETED', deleteReason: '카드 해지' });
      // Alone with no webhook URL, BILLING_DELETED is not sent either.
      expect(
        (await call('listWebhookDeliveries', { query: { billingKey: second.billingKey } })).body,
      ).toEqual({ deliveries: [] });
    });

    it('issues, cancels, lists and decides cash receipts, and cancels tax-free parts, exactly as it describes', async () => {
      const orderId = `cr-${Date.now().toString(36)}`;
      const { paymentKey } = (
        await call('authorizePayment', {
          body: {
            orderId,
            amount: 10000,
            method: 'TRANSFER',
            taxFreeAmount: 3000,
            cashReceipt: { type: '소득공제', customerIdentityNumber: '01012345678' },
          },
        })
      ).body;
      const confirmed = await call('confirmPayment', {
        body: { paymentKey, orderId, amount: 10000 },
      });
      expect(confirmed.body.cashReceipt).toMatchObject({ amount: 10000, taxFreeAmount: 3000 });
      expect(
        (
          await call('cancelPayment', {
            path: { paymentKey },
            body: { cancelReason: 'doc', cancelAmount: 4000, taxFreeAmount: 3001 },
          })
        ).status,
      ).toBe(403);
      const cancelled = await call('cancelPayment', {
        path: { paymentKey },
        body: { cancelReason: 'doc', cancelAmount: 1000, taxFreeAmount: 1000 },
      });
      expect(cancelled.body).toMatchObject({ taxFreeAmount: 2000, vat: 636 });
      expect(cancelled.body.cancels[0].receiptKey).toBe(cancelled.body.cashReceipts[1].receiptKey);

      const receipt = {
        amount: 5000,
        orderId: `${orderId}-r`,
        orderName: '상품',
        type: '지출증빙',
        customerIdentityNumber: '1234567890',
      };
      const issued = (await call('issueCashReceipt', { body: receipt })).body;
      expect(issued).toMatchObject({ transactionType: 'CONFIRM', issueStatus: 'IN_PROGRESS' });
      expect(
        (
          await call('issueCashReceipt', {
            body: { ...receipt, customerIdentityNumber: 'x' },
            badBody: true,
          })
        ).status,
      ).toBe(400);
      const path = { receiptKey: issued.receiptKey as string };
      expect(
        (await call('cancelCashReceipt', { path, body: { amount: 2000 } })).body,
      ).toMatchObject({ transactionType: 'CANCEL', amount: 2000 });
      expect((await call('cancelCashReceipt', { path, body: { amount: 3001 } })).status).toBe(400);
      expect((await call('cancelCashReceipt', { path: { receiptKey: 'nope' } })).status).toBe(404);
      const listed = await call('listCashReceipts', {
        query: { requestDate: (issued.requestedAt as string).slice(0, 10), limit: '10000' },
      });
      expect(
        (listed.body.data as { orderId: string }[]).filter((r) => r.orderId === receipt.orderId),
      ).toHaveLength(2);
      expect((await call('listCashReceipts', { query: { requestDate: 'x' } })).status).toBe(400);
      const decided = await call('decideCashReceiptOutcome', {
        path,
        body: { issueStatus: 'FAILED' },
      });
      expect(decided.body).toMatchObject({ issueStatus: 'FAILED', failure: { code: 'NTS_ERROR' } });
      expect(
        (
          await call('decideCashReceiptOutcome', {
            path: { receiptKey: 'nope' },
            body: { issueStatus: 'COMPLETED' },
          })
        ).status,
      ).toBe(404);
      expect(
        (await call('readBackCashReceipts', { query: { orderId: receipt.orderId } })).body,
      ).toMatchObject({ issueCalls: 2, cancelCalls: 2 });
      expect((await call('readBackCashReceipts')).status).toBe(400);
    });

    it('answers every control and every error with a documented status and body', async () => {
      const orderId = `va-${Date.now().toString(36)}`;
      const { paymentKey } = (
        await call('authorizePayment', {
          body: { orderId, amount: 30000, method: 'VIRTUAL_ACCOUNT', bank: '88' },
        })
      ).body;
      expect(
        (
          await call('confirmPayment', {
            body: { paymentKey, orderId, amount: 30000 },
            anonymous: true,
          })
        ).status,
      ).toBe(401);
      expect(
        (await call('confirmPayment', { body: { paymentKey, orderId, amount: 1000 } })).status,
      ).toBe(400);
      expect(
        (await call('confirmPayment', { body: { paymentKey, orderId, amount: 30000 } })).body
          .status,
      ).toBe('WAITING_FOR_DEPOSIT');
      expect((await call('depositToVirtualAccount', { body: { orderId } })).body.status).toBe(
        'DONE',
      );
      expect((await call('depositToVirtualAccount', { body: { orderId } })).status).toBe(400);
      const fault = (
        await call('addFault', {
          body: { kind: 'ERROR', paymentKey, operation: 'cancel', count: 1 },
        })
      ).body;
      expect((await call('listFaults')).body.faults).toContainEqual(fault);
      const refund = { bank: '20', accountNumber: '12345678', holderName: '홍길동' };
      expect(
        (
          await call('cancelPayment', {
            path: { paymentKey },
            body: { cancelReason: 'doc', refundReceiveAccount: refund },
          })
        ).status,
      ).toBe(500);
      const cancelled = await call('cancelPayment', {
        path: { paymentKey },
        body: { cancelReason: 'doc', cancelAmount: 10000, refundReceiveAccount: refund },
      });
      expect(cancelled.body).toMatchObject({ status: 'PARTIAL_CANCELED', balanceAmount: 20000 });
      expect(
        (await call('cancelPayment', { path: { paymentKey }, body: { cancelReason: 'doc' } }))
          .status,
      ).toBe(400);
      expect((await call('getPaymentByKey', { path: { paymentKey } })).body.cancels).toHaveLength(
        1,
      );
      expect((await call('getPaymentByOrderId', { path: { orderId } })).body.paymentKey).toBe(
        paymentKey,
      );
      expect((await call('getPaymentByKey', { path: { paymentKey: 'tgen_missing' } })).status).toBe(
        404,
      );
      const issued = await call('issueVirtualAccount', {
        body: {
          amount: 5000,
          orderId: `${orderId}-issued`,
          orderName: '상품',
          customerName: '홍길동',
          bank: '20',
        },
      });
      expect(issued.body.status).toBe('WAITING_FOR_DEPOSIT');
      await call('addFault', { body: { kind: 'LATENCY', latencyMs: 1, orderId } });
      expect((await call('clearFaults', { query: { orderId } })).body).toEqual({ deleted: 1 });
      // Spent (count 1, applied once), it is still listed until cleared.
      expect((await call('clearFault', { path: { id: fault.id } })).body).toEqual({ deleted: 1 });
      expect((await call('clearFault', { path: { id: fault.id } })).body).toEqual({ deleted: 0 });
      expect((await call('addFault', { body: { kind: 'NOPE' }, badBody: true })).status).toBe(400);
      expect((await call('setClock', { body: { offsetMs: 60_000 } })).body.offsetMs).toBe(60_000);
      expect((await call('getClock')).body.offsetMs).toBe(60_000);
      expect((await call('setClock', { body: {} })).status).toBe(400);
      expect((await call('resetClock')).body.offsetMs).toBe(0);
      expect((await call('resetTestControls')).body).toMatchObject({ clock: { offsetMs: 0 } });
      expect((await call('readBackOrder', { query: { paymentKey } })).body).toMatchObject({
        orderId,
        approvals: 1,
        deposits: 1,
        cancels: 1,
      });
      expect((await call('readBackOrder')).status).toBe(400);
      expect((await call('readBackOrder', { query: { paymentKey: 'tgen_missing' } })).status).toBe(
        404,
      );
      // Alone with no webhook URL it sends none (a Toss account with no webhook registered).
      expect((await call('listWebhookDeliveries', { query: { orderId } })).body).toEqual({
        deliveries: [],
      });
    });
  });

  it('stops cleanly on SIGTERM', async () => {
    const exited = new Promise<number | null>((resolve) =>
      child.once('exit', (code) => resolve(code)),
    );
    child.kill('SIGTERM');
    await expect(exited).resolves.toBe(0);
  });
});
