import request from 'supertest';
import TestAgent from 'supertest/lib/agent';
import { DataSource } from 'typeorm';
import { gracefulShutdown } from '../../src/common/shutdown/graceful-shutdown';
import { customer, SignedIn } from '../factories/auth.factory';
import { createOrder, seedProducts } from '../factories/catalogue.factory';
import { expectErrorBody } from '../factories/http.factory';
import { authorize, injectFault } from '../factories/sandbox.factory';
import { TEST_ADMIN, startTestApp } from '../setup/test-app';
import { createTestDatabase } from '../setup/test-database';
import { ChildApp, exited, startChildApp } from '../support/child-app';
import { eventually } from '../support/poll';
import { sql } from '../support/sql';

/**
 * SIGTERM while a confirm waits on a slow Toss (the sandbox's LATENCY fault): the app stops taking
 * requests (503), lets the confirm finish and record the payment, then closes and exits 0. The
 * drain is bounded by SHUTDOWN_TIMEOUT_MS.
 */
describe('graceful shutdown (e2e)', () => {
  const ENV = {
    ADMIN_EMAIL: TEST_ADMIN.email,
    ADMIN_PASSWORD: TEST_ADMIN.password,
    RECONCILE_INTERVAL_MS: '0',
    TOSS_CONFIRM_TIMEOUT_MS: '60000',
  };

  async function slowConfirm(http: TestAgent, latencyMs: number) {
    const products = await seedProducts(http);
    const kim: SignedIn = await customer(http);
    const order = await createOrder(http, kim.auth, [
      { productId: products['상품2'].id, quantity: 1 },
    ]);
    const paymentKey = await authorize(http, order);
    await injectFault(http, {
      kind: 'LATENCY',
      operation: 'confirm',
      orderId: order.orderId,
      latencyMs,
    });
    const pending = http
      .post('/api/v1/payments/confirm')
      .set(kim.auth)
      .send({ paymentKey, orderId: order.orderId, amount: order.amount })
      .then(
        (res) => ({ status: res.status, body: res.body as Record<string, unknown> }),
        (error: Error) => ({ status: 0, body: { error: error.message } }),
      );
    // The confirm has reached Toss and is being held there.
    await eventually(
      async () =>
        (await http.get('/sandbox/toss/test/faults').expect(200)).body.faults as {
          orderId: string;
          applied: number;
        }[],
      (faults) => faults.some((f) => f.orderId === order.orderId && f.applied === 1),
      { timeoutMs: 20_000, intervalMs: 20 },
    );
    return { order, pending };
  }

  async function orderStatus(databaseUrl: string, orderId: string): Promise<string> {
    const [row] = await sql<{ status: string }>(
      databaseUrl,
      'SELECT status FROM orders WHERE order_id = $1',
      [orderId],
    );
    return row.status;
  }

  let child: ChildApp | undefined;
  afterEach(() => {
    if (child && child.process.exitCode === null && child.process.signalCode === null)
      child.process.kill('SIGKILL');
    child = undefined;
  });

  it('SIGTERM during a slow confirm: new requests get 503, the confirm completes with 200, the order is PAID, exit 0', async () => {
    const databaseUrl = await createTestDatabase();
    child = await startChildApp({
      ...ENV,
      DATABASE_URL: databaseUrl,
      SHUTDOWN_TIMEOUT_MS: '20000',
    });
    const http = request(child.baseUrl);
    const { order, pending } = await slowConfirm(http, 2000);

    child.process.kill('SIGTERM');
    const refused = await eventually(
      () => http.get('/health/ready'),
      (res) => res.status === 503,
      { timeoutMs: 1500, intervalMs: 20 },
    );
    expectErrorBody(refused, 503, 'SERVICE_UNAVAILABLE');
    expect(refused.headers.connection).toBe('close');

    const confirmed = await pending;
    expect(confirmed).toMatchObject({
      status: 200,
      body: { orderId: order.orderId, status: 'DONE' },
    });
    await exited(child.process);
    expect(child.process.exitCode).toBe(0);
    expect(await orderStatus(databaseUrl, order.orderId)).toBe('PAID');
  });

  it('gives up on requests still running after SHUTDOWN_TIMEOUT_MS and still exits 0; the order waits for the reconciler', async () => {
    const databaseUrl = await createTestDatabase();
    child = await startChildApp({ ...ENV, DATABASE_URL: databaseUrl, SHUTDOWN_TIMEOUT_MS: '500' });
    const http = request(child.baseUrl);
    const { order, pending } = await slowConfirm(http, 60_000);

    child.process.kill('SIGTERM');
    await exited(child.process);
    expect(child.process.exitCode).toBe(0);
    expect((await pending).status).not.toBe(200);
    expect(await orderStatus(databaseUrl, order.orderId)).toBe('IN_PROGRESS');
  });

  it('closes the database pool and stops the reconciler', async () => {
    const t = await startTestApp({ env: { RECONCILE_INTERVAL_MS: '60000' } });
    const dataSource = t.app.get(DataSource);
    expect(dataSource.isInitialized).toBe(true);
    await gracefulShutdown(t.app, { signal: 'SIGTERM', timeoutMs: 5000 });
    expect(dataSource.isInitialized).toBe(false);
    await expect(fetch(`${t.baseUrl}/health`)).rejects.toThrow();
  });
});
