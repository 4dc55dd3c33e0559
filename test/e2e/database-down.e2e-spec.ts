import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request, { Response } from 'supertest';
import TestAgent from 'supertest/lib/agent';
import { EmbeddedPostgres } from '../../src/database/embedded-postgres';
import { ReconcilerService } from '../../src/payments/reconciler.service';
import { admin, customer, SignedIn } from '../factories/auth.factory';
import { createOrder, seedProducts, SeedProduct } from '../factories/catalogue.factory';
import { expectErrorBody } from '../factories/http.factory';
import { authorize, injectFault, tossRecord } from '../factories/sandbox.factory';
import { eventually } from '../support/poll';
import { sql } from '../support/sql';
import { startTestApp, TestApp } from '../setup/test-app';
import { createTemplate, createTestDatabase, urlForDatabase } from '../setup/test-database';

const ROOT = join(__dirname, '..', '..');
const FAST = { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off' };

/** The Toss sandbox alone (`npm run sandbox`), on a database of the shared test server: Toss stays up. */
async function startStandaloneSandbox(): Promise<{ child: ChildProcess; baseUrl: string }> {
  const child = spawn(
    process.execPath,
    ['packages/toss-sandbox/bin/toss-sandbox.js', '--port', '0'],
    {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: await createTestDatabase(), NODE_ENV: 'test' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const baseUrl = await eventually(
    () => {
      if (child.exitCode !== null)
        throw new Error(`the sandbox exited (${child.exitCode}): ${output}`);
      return Promise.resolve(
        /TOSS_API_BASE_URL=(http:\/\/127\.0\.0\.1:\d+)\/sandbox\/toss/.exec(output)?.[1],
      );
    },
    (url) => url !== undefined,
    { timeoutMs: 60_000 },
  );
  return { child, baseUrl: baseUrl! };
}

function expectUnavailable(res: Response): void {
  expectErrorBody(res, 503, 'SERVICE_UNAVAILABLE');
  expect(res.headers['retry-after']).toMatch(/^\d+$/);
}

/**
 * The app's PostgreSQL really goes away (stopped: 57P01 to every session, then connection refused)
 * and comes back on the same port. The app has a server of its own for this; Toss (the standalone
 * sandbox) keeps its books on the shared test server and stays up throughout.
 */
describe('the app’s database stops and starts again', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'toss-db-down-'));
  let db: EmbeddedPostgres;
  let port: number;
  let sandbox: { child: ChildProcess; baseUrl: string };
  let toss: TestAgent;
  let t: TestApp;
  let kim: SignedIn;
  let products: Record<string, SeedProduct>;
  const uncaught: unknown[] = [];
  const onUncaught = (error: unknown) => uncaught.push(error);

  let down = false;

  async function stopDatabase(): Promise<void> {
    await db.stop();
    down = true;
  }

  async function startDatabase(): Promise<void> {
    // The same data and the same port, as a restarted server: the app keeps its URL (the password
    // is kept in dataDir; `-c port=` comes after the starter's own `-p`, so it wins).
    db = await EmbeddedPostgres.start({ dataDir, settings: { ...FAST, port } });
    down = false;
  }

  async function ready(): Promise<void> {
    await eventually(
      async () => (await t.http.get('/health/ready')).status,
      (status) => status === 200,
      { timeoutMs: 30_000 },
    );
  }

  beforeAll(async () => {
    process.on('uncaughtException', onUncaught);
    db = await EmbeddedPostgres.start({ dataDir, settings: FAST });
    port = db.port;
    await createTemplate(db.url, 'shop');
    sandbox = await startStandaloneSandbox();
    toss = request(sandbox.baseUrl);
    t = await startTestApp({
      databaseUrl: urlForDatabase(db.url, 'shop'),
      env: {
        TOSS_SECRET_KEY: 'test_sk_database_down_e2e',
        TOSS_API_BASE_URL: `${sandbox.baseUrl}/sandbox/toss`,
        SANDBOX_ENABLED: 'false',
        RECONCILE_INTERVAL_MS: '0',
        RECONCILE_AUDIT_INTERVAL_MS: '0',
      },
    });
    products = await seedProducts(t.http);
    kim = await customer(t.http);
  }, 120_000);

  afterAll(async () => {
    await t?.close();
    if (sandbox?.child.exitCode === null) sandbox.child.kill('SIGKILL');
    await db?.stop();
    rmSync(dataDir, { recursive: true, force: true });
    process.off('uncaughtException', onUncaught);
  });

  afterEach(async () => {
    // A failed test must not leave the next one without its database.
    if (down) await startDatabase();
    if (uncaught.length > 0) {
      throw new Error(`uncaught in the app: ${uncaught.splice(0).map(String).join('; ')}`);
    }
  });

  it('is not ready and answers 503 (not 500) while the database is down, and recovers by itself when it is back', async () => {
    await t.http.get('/health/ready').expect(200);
    const order = await createOrder(t.http, kim.auth, [
      { productId: products['상품1'].id, quantity: 1 },
    ]);

    await stopDatabase();
    const answers = {
      ready: await t.http.get('/health/ready'),
      products: await t.http.get('/api/v1/products'),
      newOrder: await t.http
        .post('/api/v1/orders')
        .set(kim.auth)
        .send({ items: [{ productId: products['상품1'].id, quantity: 1 }] }),
      order: await t.http.get(`/api/v1/orders/${order.orderId}`).set(kim.auth),
      // Nothing reached Toss: the order could not even be marked IN_PROGRESS.
      confirm: await t.http
        .post('/api/v1/payments/confirm')
        .set(kim.auth)
        .send({ paymentKey: 'tgen_not_reached', orderId: order.orderId, amount: order.amount }),
    };
    const statuses = Object.fromEntries(Object.entries(answers).map(([k, r]) => [k, r.status]));
    expect(statuses).toEqual({
      ready: 503,
      products: 503,
      newOrder: 503,
      order: 503,
      confirm: 503,
    });
    Object.values(answers).forEach(expectUnavailable);
    await t.http.get('/health').expect(200);

    await startDatabase();
    await ready();
    await t.http.get('/api/v1/products').expect(200);
    await createOrder(t.http, kim.auth, [{ productId: products['상품1'].id, quantity: 1 }]);
    await t.http.get(`/api/v1/orders/${order.orderId}`).set(kim.auth).expect(200);
  });

  it('answers 502 PAYMENT_OUTCOME_UNKNOWN to a confirm Toss approved that could not be recorded, keeps its audit row, and the reconciler settles it', async () => {
    await ready();
    const order = await createOrder(t.http, kim.auth, [
      { productId: products['상품2'].id, quantity: 1 },
    ]);
    const paymentKey = await authorize(toss, order);
    // Toss takes 3 s to answer: time to take the app's database away while the call is in flight.
    await injectFault(toss, {
      kind: 'LATENCY',
      operation: 'confirm',
      orderId: order.orderId,
      latencyMs: 3000,
    });

    const confirming = t.http
      .post('/api/v1/payments/confirm')
      .set(kim.auth)
      .send({ paymentKey, orderId: order.orderId, amount: order.amount })
      .then((res) => res);
    await eventually(
      () => tossRecord(toss, order.orderId),
      (record) => record.confirmCalls >= 1,
    );
    await stopDatabase();

    const res = await confirming;
    expectErrorBody(res, 502, 'PAYMENT_OUTCOME_UNKNOWN');
    expect(res.body.details).toEqual({ orderId: order.orderId });
    const atToss = await tossRecord(toss, order.orderId);
    expect({ approvals: atToss.approvals, status: atToss.payment?.status }).toEqual({
      approvals: 1,
      status: 'DONE',
    });

    await startDatabase();
    await ready();
    // The Toss call's audit row, held while the database was away, is written once it is back.
    const audit = await eventually(
      () =>
        sql<{ caller: string; outcome: string; http_status: number; idempotency_key: string }>(
          t.databaseUrl,
          `SELECT caller, outcome, http_status, idempotency_key FROM toss_calls WHERE order_id = $1 AND operation = 'confirm'`,
          [order.orderId],
        ),
      (rows) => rows.length > 0,
      { timeoutMs: 30_000 },
    );
    expect(audit).toEqual([
      {
        caller: 'confirm',
        outcome: 'ok',
        http_status: 200,
        idempotency_key: `confirm:${order.orderId}:${paymentKey}`,
      },
    ]);
    // Our books did not see the approval: the order waits, IN_PROGRESS, for the reconciler.
    const before = await t.http.get(`/api/v1/orders/${order.orderId}`).set(kim.auth).expect(200);
    expect(before.body.status).toBe('IN_PROGRESS');

    await t.app.get(ReconcilerService).runOnce({ olderThanMs: 0 });
    const after = await t.http.get(`/api/v1/orders/${order.orderId}`).set(kim.auth).expect(200);
    expect(after.body).toMatchObject({ status: 'PAID', amount: order.amount });
    const paid = await t.http.get(`/api/v1/payments/${paymentKey}`).set(kim.auth).expect(200);
    expect(paid.body).toMatchObject({
      paymentKey,
      orderId: order.orderId,
      status: 'DONE',
      totalAmount: order.amount,
    });
    const settled = await tossRecord(toss, order.orderId);
    expect({ approvals: settled.approvals, status: settled.payment?.status }).toEqual({
      approvals: 1,
      status: 'DONE',
    });
    // Exactly one audit row for the customer's confirm: written once, not lost, not doubled.
    const confirmRows = await sql(
      t.databaseUrl,
      `SELECT 1 FROM toss_calls WHERE order_id = $1 AND operation = 'confirm' AND caller = 'confirm'`,
      [order.orderId],
    );
    expect(confirmRows).toHaveLength(1);
  });

  it('answers 502 PAYMENT_OUTCOME_UNKNOWN to a refund Toss made that could not be recorded, and the reconciler records it once', async () => {
    await ready();
    const boss = await admin(t.http);
    const order = await createOrder(t.http, kim.auth, [
      { productId: products['상품3'].id, quantity: 1 },
    ]);
    const paymentKey = await authorize(toss, order);
    await t.http
      .post('/api/v1/payments/confirm')
      .set(kim.auth)
      .send({ paymentKey, orderId: order.orderId, amount: order.amount })
      .expect(200);
    await injectFault(toss, {
      kind: 'LATENCY',
      operation: 'cancel',
      orderId: order.orderId,
      latencyMs: 3000,
    });

    const refunding = t.http
      .post(`/api/v1/payments/${paymentKey}/cancel`)
      .set(boss.auth)
      .set('Idempotency-Key', 'db-down-refund')
      .send({ cancelReason: '부분 환불', cancelAmount: 4000 })
      .then((res) => res);
    await eventually(
      () => tossRecord(toss, order.orderId),
      (record) => record.cancelCalls >= 1,
    );
    await stopDatabase();

    const res = await refunding;
    expectErrorBody(res, 502, 'PAYMENT_OUTCOME_UNKNOWN');
    expect(res.body.details).toEqual({ refundId: expect.any(String) });
    expect((await tossRecord(toss, order.orderId)).payment?.balanceAmount).toBe(11000);

    await startDatabase();
    await ready();
    await t.app.get(ReconcilerService).runOnce({ olderThanMs: 0 });
    const after = await t.http.get(`/api/v1/payments/${paymentKey}`).set(boss.auth).expect(200);
    expect({ status: after.body.status, balance: after.body.balanceAmount }).toEqual({
      status: 'PARTIAL_CANCELED',
      balance: 11000,
    });
    const refunds = await sql<{ status: string; amount: string }>(
      t.databaseUrl,
      'SELECT status, amount FROM refunds WHERE payment_key = $1',
      [paymentKey],
    );
    expect(refunds.map((r) => [r.status, Number(r.amount)])).toEqual([['DONE', 4000]]);
    expect((await tossRecord(toss, order.orderId)).cancels).toBe(1);
  });
});
