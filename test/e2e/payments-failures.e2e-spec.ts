import request from 'supertest';
import { admin, customer } from '../factories/auth.factory';
import { createOrder, seedProducts } from '../factories/catalogue.factory';
import { authorize, clearFaults, injectFault, tossRecord } from '../factories/sandbox.factory';
import { ReconcilerService } from '../../src/payments/reconciler.service';
import { expectBooksMatch } from '../support/books';
import { exited, startChildApp } from '../support/child-app';
import { eventually } from '../support/poll';
import { createTestDatabase } from '../setup/test-database';
import { startTestApp, TestApp } from '../setup/test-app';

const ENV = {
  RECONCILE_INTERVAL_MS: '0',
  RECONCILE_AFTER_MS: '0',
  TOSS_CONFIRM_TIMEOUT_MS: '1500',
  TOSS_CONFIRM_RETRIES: '1',
};

describe('confirm under concurrency and failure', () => {
  it('two app instances (two processes) on one database confirming the same order at once: one approval', async () => {
    // One confirm call in all: a timeout retry on a loaded machine would be a second (harmless,
    // same key) call, so the timeout here is far above the fault's latency.
    const env = { ...ENV, TOSS_CONFIRM_TIMEOUT_MS: '10000' };
    const one = await startTestApp({ env });
    // A real second process: in one process, @nestjs-cls/transactional shares its TransactionHost.
    const two = await startChildApp({ ...env, DATABASE_URL: one.databaseUrl });
    try {
      const products = await seedProducts(one.http);
      const kim = await customer(one.http);
      const order = await createOrder(one.http, kim.auth, [
        { productId: products['상품1'].id, quantity: 3 },
      ]);
      const paymentKey = await authorize(one.http, order);
      await injectFault(one.http, {
        kind: 'LATENCY',
        operation: 'confirm',
        orderId: order.orderId,
        latencyMs: 200,
      });
      const body = { paymentKey, orderId: order.orderId, amount: 15000 };
      const other = request(two.baseUrl);
      const responses = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          (i % 2 ? other : one.http).post('/api/v1/payments/confirm').set(kim.auth).send(body),
        ),
      );
      expect(responses.map((r) => r.status).filter((s) => s !== 200 && s !== 409)).toEqual([]);
      expect(responses.filter((r) => r.status === 200).length).toBeGreaterThanOrEqual(1);
      const record = await tossRecord(one.http, order.orderId);
      expect(record.approvals).toBe(1);
      expect(record.confirmCalls).toBe(1);
      await expectBooksMatch(one.http, (await admin(one.http)).auth, order.orderId);
    } finally {
      two.process.kill('SIGTERM');
      await exited(two.process);
      await one.close();
    }
  });

  describe('Toss unreachable', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp({ env: ENV });
    });
    afterEach(() => clearFaults(t.http));
    afterAll(() => t.close());

    it('answers 502 PAYMENT_OUTCOME_UNKNOWN (never a 500), keeps the order IN_PROGRESS, and the reconciler settles it once Toss is back', async () => {
      const products = await seedProducts(t.http);
      const kim = await customer(t.http);
      const boss = await admin(t.http);
      const order = await createOrder(t.http, kim.auth, [
        { productId: products['상품2'].id, quantity: 1 },
      ]);
      const paymentKey = await authorize(t.http, order);
      // Every call to Toss for this payment has its connection reset: nothing reaches Toss.
      await injectFault(t.http, { kind: 'RESET', paymentKey });
      await injectFault(t.http, { kind: 'RESET', orderId: order.orderId });
      const res = await t.http
        .post('/api/v1/payments/confirm')
        .set(kim.auth)
        .send({ paymentKey, orderId: order.orderId, amount: 10000 })
        .expect(502);
      expect(res.body).toMatchObject({ statusCode: 502, code: 'PAYMENT_OUTCOME_UNKNOWN' });
      expect(
        (await t.http.get(`/api/v1/orders/${order.orderId}`).set(kim.auth).expect(200)).body.status,
      ).toBe('IN_PROGRESS');
      // A second confirm while it is unsettled is refused without a new approval.
      const again = await t.http
        .post('/api/v1/payments/confirm')
        .set(kim.auth)
        .send({ paymentKey, orderId: order.orderId, amount: 10000 })
        .expect(409);
      expect(again.body.code).toBe('PAYMENT_IN_PROGRESS');

      const reconciler = t.app.get(ReconcilerService);
      const whileDown = await reconciler.runOnce({ olderThanMs: 0 });
      expect(whileDown).toMatchObject({ claimed: 1, settled: 0, stillUnknown: 1 });

      await clearFaults(t.http);
      // The first pass pushed the next check out (backoff): the order is settled once that is due.
      await eventually(
        async () => {
          await reconciler.runOnce({ olderThanMs: 0 });
          return (await t.http.get(`/api/v1/orders/${order.orderId}`).set(kim.auth)).body
            .status as string;
        },
        (status) => status === 'PAID',
        { timeoutMs: 30_000, intervalMs: 250 },
      );
      expect((await tossRecord(t.http, order.orderId)).approvals).toBe(1);
      await expectBooksMatch(t.http, boss.auth, order.orderId);
    });

    it('a Toss 5xx that did not approve leaves the order for the reconciler, which confirms it with the same Idempotency-Key', async () => {
      const products = await seedProducts(t.http);
      const kim = await customer(t.http);
      const boss = await admin(t.http);
      const order = await createOrder(t.http, kim.auth, [
        { productId: products['상품1'].id, quantity: 1 },
      ]);
      const paymentKey = await authorize(t.http, order);
      await injectFault(t.http, { kind: 'ERROR', operation: 'confirm', paymentKey, remaining: 2 });
      await t.http
        .post('/api/v1/payments/confirm')
        .set(kim.auth)
        .send({ paymentKey, orderId: order.orderId, amount: 5000 })
        .expect(502);
      const reconciler = t.app.get(ReconcilerService);
      await eventually(
        async () => {
          await reconciler.runOnce({ olderThanMs: 0 });
          return (await t.http.get(`/api/v1/orders/${order.orderId}`).set(boss.auth)).body
            .status as string;
        },
        (status) => status === 'PAID',
        { timeoutMs: 30_000, intervalMs: 250 },
      );
      const payment = await t.http.get(`/api/v1/payments/${paymentKey}`).set(boss.auth).expect(200);
      const confirms = (
        payment.body.attempts as { operation: string; idempotencyKey?: string }[]
      ).filter((a) => a.operation === 'confirm');
      expect(new Set(confirms.map((a) => a.idempotencyKey))).toEqual(
        new Set([`confirm:${order.orderId}:${paymentKey}`]),
      );
      await expectBooksMatch(t.http, boss.auth, order.orderId);
    });
  });

  it('a process SIGKILLed after Toss approved and before it recorded the approval is healed by the next start', async () => {
    const databaseUrl = await createTestDatabase();
    const child = await startChildApp({
      ...ENV,
      DATABASE_URL: databaseUrl,
      TOSS_CONFIRM_TIMEOUT_MS: '60000',
    });
    const http = request(child.baseUrl);
    const products = await seedProducts(http);
    const kim = await customer(http);
    const order = await createOrder(http, kim.auth, [
      { productId: products['상품1'].id, quantity: 1 },
    ]);
    const paymentKey = await authorize(http, order);
    await injectFault(http, {
      kind: 'APPROVE_THEN_HANG',
      operation: 'confirm',
      paymentKey,
      remaining: 1,
    });
    const pending = http
      .post('/api/v1/payments/confirm')
      .set(kim.auth)
      .send({ paymentKey, orderId: order.orderId, amount: 5000 })
      .then(
        (res) => res.status,
        () => 'no answer',
      );
    // Toss (the sandbox, in the child) has approved; our side is waiting for its answer.
    await eventually(
      () => tossRecord(http, order.orderId),
      (r) => r.approvals === 1,
      { timeoutMs: 20_000 },
    );
    child.process.kill('SIGKILL');
    await exited(child.process);
    expect(await pending).toBe('no answer');

    const next = await startTestApp({ databaseUrl, env: { ...ENV, RECONCILE_INTERVAL_MS: '300' } });
    try {
      const boss = await admin(next.http);
      await eventually(
        async () =>
          (await next.http.get(`/api/v1/orders/${order.orderId}`).set(boss.auth)).body
            .status as string,
        (status) => status === 'PAID',
        { timeoutMs: 30_000, intervalMs: 200 },
      );
      expect((await tossRecord(next.http, order.orderId)).approvals).toBe(1);
      await expectBooksMatch(next.http, boss.auth, order.orderId);
    } finally {
      await next.close();
    }
  });
});
