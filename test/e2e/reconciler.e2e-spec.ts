import { admin, customer, SignedIn } from '../factories/auth.factory';
import { createOrder, seedProducts, SeedProduct } from '../factories/catalogue.factory';
import { authorize, clearFaults, injectFault, tossRecord } from '../factories/sandbox.factory';
import { ReconcilerService } from '../../src/payments/reconciler.service';
import { expectBooksMatch, expectReportEmpty } from '../support/books';
import { exited, startChildApp } from '../support/child-app';
import { eventually } from '../support/poll';
import { sql } from '../support/sql';
import { startTestApp, TestApp } from '../setup/test-app';

const ENV = {
  RECONCILE_INTERVAL_MS: '0',
  RECONCILE_AFTER_MS: '0',
  TOSS_CONFIRM_TIMEOUT_MS: '1500',
  TOSS_CONFIRM_RETRIES: '0',
};

describe('reconciler', () => {
  let t: TestApp;
  let products: Record<string, SeedProduct>;
  let kim: SignedIn;
  let boss: SignedIn;

  beforeAll(async () => {
    t = await startTestApp({ env: ENV });
    products = await seedProducts(t.http);
    kim = await customer(t.http);
    boss = await admin(t.http);
  });
  afterEach(async () => {
    await clearFaults(t.http);
    await t.http.delete('/sandbox/toss/test/clock').expect(200);
  });
  afterAll(() => t.close());

  const status = async (orderId: string) =>
    (await t.http.get(`/api/v1/orders/${orderId}`).set(boss.auth).expect(200)).body;

  /** An order left IN_PROGRESS: Toss was unreachable for the confirm. */
  async function stuckOrder(
    name = '상품1',
  ): Promise<{ orderId: string; paymentKey: string; amount: number }> {
    const order = await createOrder(t.http, kim.auth, [
      { productId: products[name].id, quantity: 1 },
    ]);
    const paymentKey = await authorize(t.http, order);
    await injectFault(t.http, { kind: 'RESET', orderId: order.orderId });
    await t.http
      .post('/api/v1/payments/confirm')
      .set(kim.auth)
      .send({ paymentKey, orderId: order.orderId, amount: order.amount })
      .expect(502);
    await clearFaults(t.http);
    expect((await status(order.orderId)).status).toBe('IN_PROGRESS');
    return { orderId: order.orderId, paymentKey, amount: order.amount };
  }

  it('expires PENDING orders past their expiresAt and leaves the others', async () => {
    const old = await createOrder(t.http, kim.auth, [
      { productId: products['상품1'].id, quantity: 1 },
    ]);
    const fresh = await createOrder(t.http, kim.auth, [
      { productId: products['상품1'].id, quantity: 1 },
    ]);
    await sql(
      t.databaseUrl,
      `UPDATE orders SET expires_at = now() - interval '1 second' WHERE order_id = $1`,
      [old.orderId],
    );
    const report = await t.app.get(ReconcilerService).runOnce({ olderThanMs: 0 });
    expect(report.expired).toBeGreaterThanOrEqual(1);
    expect((await status(old.orderId)).status).toBe('EXPIRED');
    expect((await status(fresh.orderId)).status).toBe('PENDING');
  });

  it('confirms an authenticated payment left IN_PROGRESS, with the same Idempotency-Key', async () => {
    const stuck = await stuckOrder();
    const report = await t.app.get(ReconcilerService).runOnce({ olderThanMs: 0 });
    expect(report).toMatchObject({ claimed: 1, settled: 1, stillUnknown: 0 });
    expect((await status(stuck.orderId)).status).toBe('PAID');
    expect((await tossRecord(t.http, stuck.orderId)).approvals).toBe(1);
    await expectBooksMatch(t.http, boss.auth, stuck.orderId);
  });

  it('after Toss’s 10-minute window, a payment that was never confirmed sends the order back to PENDING with the reason', async () => {
    const stuck = await stuckOrder();
    // Our attempt and Toss's authentication are both 11 minutes old.
    await sql(
      t.databaseUrl,
      `UPDATE payment_attempts SET created_at = now() - interval '11 minutes' WHERE order_id = $1`,
      [stuck.orderId],
    );
    await t.http
      .post('/sandbox/toss/test/clock')
      .send({ offsetMs: 11 * 60_000 })
      .expect(200);
    await t.app.get(ReconcilerService).runOnce({ olderThanMs: 0 });
    expect(await status(stuck.orderId)).toMatchObject({
      status: 'PENDING',
      lastFailure: { code: 'EXPIRED_PAYMENT' },
    });
    expect((await tossRecord(t.http, stuck.orderId)).approvals).toBe(0);
    await expectBooksMatch(t.http, boss.auth, stuck.orderId);
  });

  it('a payment Toss aborted sends the order back to PENDING', async () => {
    const stuck = await stuckOrder();
    // The reconciler's own re-confirm is declined by the issuer.
    await injectFault(t.http, {
      kind: 'DECLINE',
      operation: 'confirm',
      paymentKey: stuck.paymentKey,
      code: 'INVALID_CARD_EXPIRATION',
      httpStatus: 400,
    });
    await t.app.get(ReconcilerService).runOnce({ olderThanMs: 0 });
    expect(await status(stuck.orderId)).toMatchObject({
      status: 'PENDING',
      lastFailure: { code: 'INVALID_CARD_EXPIRATION' },
    });
    await expectBooksMatch(t.http, boss.auth, stuck.orderId);
  });

  it('leaves an order alone while Toss still cannot be asked, and backs off', async () => {
    const stuck = await stuckOrder();
    await injectFault(t.http, { kind: 'ERROR', orderId: stuck.orderId });
    const first = await t.app.get(ReconcilerService).runOnce({ olderThanMs: 0 });
    expect(first).toMatchObject({ claimed: 1, stillUnknown: 1 });
    expect((await status(stuck.orderId)).status).toBe('IN_PROGRESS');
    // Backed off: an immediate second pass does not claim it again.
    const second = await t.app.get(ReconcilerService).runOnce({ olderThanMs: 0 });
    expect(second.claimed).toBe(0);
    const [row] = await sql<{ check_count: number; due: boolean }>(
      t.databaseUrl,
      `SELECT check_count, next_check_at > now() AS due FROM orders WHERE order_id = $1`,
      [stuck.orderId],
    );
    expect(row).toEqual({ check_count: 1, due: true });
    // Toss answers again and the backoff is over: it is settled.
    await clearFaults(t.http);
    await sql(t.databaseUrl, `UPDATE orders SET next_check_at = now() WHERE order_id = $1`, [
      stuck.orderId,
    ]);
    await t.app.get(ReconcilerService).runOnce({ olderThanMs: 0 });
    expect((await status(stuck.orderId)).status).toBe('PAID');
  });

  it('reconcilers of several instances on one database settle every order exactly once', async () => {
    const stuck: { orderId: string; paymentKey: string; amount: number }[] = [];
    // One at a time: each arranges and clears its own faults.
    for (let i = 0; i < 6; i++) stuck.push(await stuckOrder(i % 2 ? '상품2' : '상품3'));
    // A second process reconciling on its own schedule while this one runs passes of its own.
    const other = await startChildApp({
      ...ENV,
      DATABASE_URL: t.databaseUrl,
      RECONCILE_INTERVAL_MS: '50',
    });
    try {
      const reconciler = t.app.get(ReconcilerService);
      await eventually(
        async () => {
          await reconciler.runOnce({ olderThanMs: 0 });
          return Promise.all(
            stuck.map(async (order) => (await status(order.orderId)).status as string),
          );
        },
        (statuses) => statuses.every((s) => s === 'PAID'),
        { timeoutMs: 30_000, intervalMs: 20 },
      );
      for (const order of stuck) {
        expect((await tossRecord(t.http, order.orderId)).approvals).toBe(1);
        await expectBooksMatch(t.http, boss.auth, order.orderId);
      }
    } finally {
      other.process.kill('SIGTERM');
      await exited(other.process);
    }
  });

  it('the books match Toss for every order of this file', async () => {
    await expectReportEmpty(t.http, boss.auth);
  });
});
