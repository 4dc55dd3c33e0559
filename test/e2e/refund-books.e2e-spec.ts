import { Client } from 'pg';
import { ReconcilerService } from '../../src/payments/reconciler.service';
import { TossClient } from '../../src/toss/toss.client';
import { createOrder } from '../factories/catalogue.factory';
import { paidOrder, useShop } from '../factories/checkout.factory';
import { authorize, clearFaults, injectFault, tossRecord } from '../factories/sandbox.factory';
import { expectBooksMatch, expectReportEmpty } from '../support/books';
import { eventually } from '../support/poll';
import { sql } from '../support/sql';

/**
 * The refund books under races the chaos soak found: Toss's answers arriving out of order, a full
 * refund sized while another refund was being recorded, an order cancel racing a deposit. Each
 * ends with our books against the sandbox's records.
 */
describe('refund books under races', () => {
  const shop = useShop({
    RECONCILE_INTERVAL_MS: '0',
    RECONCILE_AFTER_MS: '0',
    RECONCILE_AUDIT_INTERVAL_MS: '0',
    TOSS_CONFIRM_TIMEOUT_MS: '1500',
    TOSS_CONFIRM_RETRIES: '1',
    // Webhooks go nowhere: each test decides when our books hear of Toss's changes.
    SANDBOX_WEBHOOK_URL: 'http://127.0.0.1:9/nowhere',
  });
  afterEach(() => clearFaults(shop.t.http));

  const paid = (method = 'CARD') =>
    paidOrder(shop.t.http, shop.kim, shop.products['상품3'], method);
  const refund = (paymentKey: string, body: object, key?: string) => {
    const req = shop.t.http.post(`/api/v1/payments/${paymentKey}/cancel`).set(shop.boss.auth);
    return (key ? req.set('Idempotency-Key', key) : req).send(body);
  };
  const ours = async (paymentKey: string) =>
    (await shop.t.http.get(`/api/v1/payments/${paymentKey}`).set(shop.boss.auth).expect(200))
      .body as { status: string; balanceAmount: number; cancels: { cancelAmount: number }[] };
  const refunds = (paymentKey: string) =>
    sql<{ status: string; amount: string; idempotency_key: string }>(
      shop.t.databaseUrl,
      'SELECT status, amount, idempotency_key FROM refunds WHERE payment_key = $1 ORDER BY created_at',
      [paymentKey],
    );

  it("a replayed answer older than the books (a killed instance's refund retried) never rolls them back", async () => {
    const p = await paid();
    // Refund A's call never reaches Toss: it is left REQUESTED, as by an instance killed mid-call.
    await injectFault(shop.t.http, { kind: 'RESET', paymentKey: p.paymentKey });
    await refund(p.paymentKey, { cancelReason: 'A', cancelAmount: 4000 }, 'refund-a').expect(502);
    await clearFaults(shop.t.http);
    const [a] = await refunds(p.paymentKey);
    // ...whose call did go through at Toss after all, with A's own Idempotency-Key.
    const toss = shop.t.app.get(TossClient);
    await toss.cancel(p.paymentKey, { cancelReason: 'A', cancelAmount: 4000 }, a.idempotency_key);

    // B takes the rest and is recorded: Toss's answer has both cancels, balance 0.
    await refund(p.paymentKey, { cancelReason: 'B' }, 'refund-b').expect(200);
    expect(await ours(p.paymentKey)).toMatchObject({ status: 'CANCELED', balanceAmount: 0 });

    // The reconciler retries A with its key: Toss replays A's first answer (one cancel, 11,000 left).
    await shop.t.app.get(ReconcilerService).runOnce({ olderThanMs: 0 });
    expect((await refunds(p.paymentKey)).map((r) => [r.status, Number(r.amount)])).toEqual([
      ['DONE', 4000],
      ['DONE', 11000],
    ]);
    const after = await ours(p.paymentKey);
    expect({ balance: after.balanceAmount, cancels: after.cancels.length }).toEqual({
      balance: 0,
      cancels: 2,
    });
    await expectBooksMatch(shop.t.http, shop.boss.auth, p.orderId);
  });

  it('a full refund asked while a partial one is being recorded refunds the rest and is recorded', async () => {
    const p = await paid();
    const locker = new Client({ connectionString: shop.t.databaseUrl });
    await locker.connect();
    try {
      await injectFault(shop.t.http, {
        kind: 'LATENCY',
        operation: 'cancel',
        paymentKey: p.paymentKey,
        latencyMs: 400,
      });
      const partial = refund(p.paymentKey, { cancelReason: '부분', cancelAmount: 6000 }).then(
        (res) => res,
      );
      // While the partial refund is at Toss, something else holds the order's row lock; the
      // partial's record queues behind it, then the full refund does (having read the balance).
      await eventually(
        async () => (await refunds(p.paymentKey)).length,
        (n) => n === 1,
      );
      await locker.query('BEGIN');
      await locker.query('SELECT 1 FROM orders WHERE order_id = $1 FOR UPDATE', [p.orderId]);
      const waiting = () =>
        sql<{ n: string }>(
          shop.t.databaseUrl,
          `SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
        ).then((rows) => Number(rows[0].n));
      await eventually(waiting, (n) => n === 1, { timeoutMs: 10_000, intervalMs: 20 });
      const full = refund(p.paymentKey, { cancelReason: '전액' }).then((res) => res);
      await eventually(waiting, (n) => n === 2, { timeoutMs: 10_000, intervalMs: 20 });
      await locker.query('ROLLBACK');

      expect((await partial).status).toBe(200);
      const fullAnswer = await full;
      expect({ status: fullAnswer.status, balance: fullAnswer.body.balanceAmount }).toEqual({
        status: 200,
        balance: 0,
      });
    } finally {
      await locker.end();
    }
    expect((await refunds(p.paymentKey)).map((r) => [r.status, Number(r.amount)])).toEqual([
      ['DONE', 6000],
      ['DONE', 9000],
    ]);
    expect((await tossRecord(shop.t.http, p.orderId)).payment?.balanceAmount).toBe(0);
    await expectBooksMatch(shop.t.http, shop.boss.auth, p.orderId);
  });

  it('an order cancel that loses the race to a deposit answers 409 ORDER_NOT_CANCELABLE, and the order is paid', async () => {
    const order = await createOrder(shop.t.http, shop.kim.auth, [
      { productId: shop.products['상품2'].id, quantity: 1 },
    ]);
    const paymentKey = await authorize(shop.t.http, order, 'VIRTUAL_ACCOUNT');
    await shop.t.http
      .post('/api/v1/payments/confirm')
      .set(shop.kim.auth)
      .send({ paymentKey, orderId: order.orderId, amount: order.amount })
      .expect(200);
    // The deposit lands at Toss; its webhook has not reached us yet.
    await shop.t.http
      .post('/sandbox/toss/test/deposit')
      .send({ orderId: order.orderId })
      .expect(200);

    const res = await shop.t.http
      .post(`/api/v1/orders/${order.orderId}/cancel`)
      .set(shop.kim.auth)
      .expect(409);
    expect(res.body).toMatchObject({ statusCode: 409, code: 'ORDER_NOT_CANCELABLE' });
    const after = await shop.t.http
      .get(`/api/v1/orders/${order.orderId}`)
      .set(shop.kim.auth)
      .expect(200);
    expect(after.body.status).toBe('PAID');
    await expectBooksMatch(shop.t.http, shop.boss.auth, order.orderId);
  });

  it('the books match Toss for every order of this file', async () => {
    await expectReportEmpty(shop.t.http, shop.boss.auth);
  });
});
