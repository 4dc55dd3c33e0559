import { createOrder } from '../factories/catalogue.factory';
import { authorize, clearFaults, injectFault, tossRecord } from '../factories/sandbox.factory';
import { ReconcilerService } from '../../src/payments/reconciler.service';
import { WebhooksService } from '../../src/webhooks/webhooks.service';
import { expectBooksMatch, expectReportEmpty } from '../support/books';
import { eventually } from '../support/poll';
import { sql } from '../support/sql';
import { paidOrder, useShop } from '../factories/checkout.factory';

type Inbox = { status: string; verdict: string | null; event_type: string };

describe('POST /api/v1/webhooks/toss', () => {
  const shop = useShop({
    RECONCILE_INTERVAL_MS: '0',
    RECONCILE_AFTER_MS: '0',
    TOSS_CONFIRM_TIMEOUT_MS: '3000',
  });
  afterEach(() => clearFaults(shop.t.http));

  const orderOf = async (orderId: string) =>
    (await shop.t.http.get(`/api/v1/orders/${orderId}`).set(shop.boss.auth).expect(200)).body;
  const post = (body: unknown, transmissionId?: string) => {
    const req = shop.t.http.post('/api/v1/webhooks/toss');
    return (
      transmissionId ? req.set('tosspayments-webhook-transmission-id', transmissionId) : req
    ).send(body as object);
  };
  /** The inbox rows of an order, once every one of them has been processed. */
  const processed = (orderId: string, count: number) =>
    eventually(
      async () => {
        await shop.t.app.get(WebhooksService).drainNow();
        return sql<Inbox>(
          shop.t.databaseUrl,
          `SELECT status, verdict, event_type FROM webhook_deliveries WHERE order_id = $1 ORDER BY id`,
          [orderId],
        );
      },
      (rows) =>
        rows.length >= count && rows.every((r) => r.status !== 'RECEIVED' && r.status !== 'FAILED'),
      { timeoutMs: 20_000 },
    );

  const confirmed = (method: string, name = '상품1') =>
    paidOrder(shop.t.http, shop.kim, shop.products[name], method);

  const secretOf = async (paymentKey: string) =>
    (
      await sql<{ secret: string }>(
        shop.t.databaseUrl,
        'SELECT secret FROM payments WHERE payment_key = $1',
        [paymentKey],
      )
    )[0].secret;

  it('answers exactly 200 for anything well-formed, including events and orders that are not ours; 400 for malformed JSON', async () => {
    await post({
      eventType: 'PAYMENT_STATUS_CHANGED',
      createdAt: '2026-01-01T00:00:00.000000',
      data: { paymentKey: 'tgen_x', orderId: 'not-our-order-1', status: 'DONE' },
    }).expect(200, { received: true });
    await post({ eventType: 'SOMETHING_NEW', whatever: [1, 2] }).expect(200);
    await post({ eventType: 'BILLING_DELETED', data: { billingKey: 'b' } }).expect(200);
    await shop.t.http
      .post('/api/v1/webhooks/toss')
      .set('content-type', 'application/json')
      .send('{"eventType":')
      .expect(400);
    await post([1, 2, 3]).expect(400);
  });

  it('a virtual-account deposit arrives by the sandbox’s webhooks and pays the order', async () => {
    const order = await confirmed('VIRTUAL_ACCOUNT', '상품2');
    expect((await orderOf(order.orderId)).status).toBe('WAITING_FOR_DEPOSIT');
    await shop.t.http
      .post('/sandbox/toss/test/deposit')
      .send({ orderId: order.orderId })
      .expect(200);
    await eventually(
      () => orderOf(order.orderId),
      (o) => o.status === 'PAID',
      { timeoutMs: 20_000 },
    );
    const rows = await processed(order.orderId, 1);
    expect(rows.map((r) => r.status)).not.toContain('REJECTED');
    expect(rows.some((r) => r.event_type === 'DEPOSIT_CALLBACK' && r.status === 'PROCESSED')).toBe(
      true,
    );
    await expectBooksMatch(shop.t.http, shop.boss.auth, order.orderId);
  });

  it('a deposit callback with a wrong secret changes nothing and is kept as rejected', async () => {
    const order = await confirmed('VIRTUAL_ACCOUNT', '상품3');
    await post({
      createdAt: '2026-01-01T00:00:00.000000',
      secret: 'ps_forged',
      status: 'DONE',
      transactionKey: 'tx',
      orderId: order.orderId,
    }).expect(200);
    const rows = await processed(order.orderId, 2);
    expect(rows).toContainEqual({
      status: 'REJECTED',
      verdict: 'secret mismatch',
      event_type: 'DEPOSIT_CALLBACK',
    });
    expect((await orderOf(order.orderId)).status).toBe('WAITING_FOR_DEPOSIT');
    await expectBooksMatch(shop.t.http, shop.boss.auth, order.orderId);
  });

  it('a deposit callback redelivered, in both shapes, is applied once', async () => {
    const order = await confirmed('VIRTUAL_ACCOUNT', '상품1');
    // The sandbox delivers its own callbacks too; ours below are redeliveries of the same deposit.
    await shop.t.http
      .post('/sandbox/toss/test/deposit')
      .send({ orderId: order.orderId })
      .expect(200);
    const secret = await secretOf(order.paymentKey);
    const flat = {
      createdAt: '2026-01-01T00:00:00.000000',
      secret,
      status: 'DONE',
      transactionKey: 'tx1',
      orderId: order.orderId,
    };
    await post(flat, 'transmission-1').expect(200);
    await post(flat, 'transmission-1').expect(200);
    await post(
      { eventType: 'DEPOSIT_CALLBACK', createdAt: '2026-01-01T00:00:00.000000', data: flat },
      'transmission-2',
    ).expect(200);
    await eventually(
      () => orderOf(order.orderId),
      (o) => o.status === 'PAID',
    );
    const rows = await processed(order.orderId, 3);
    expect(rows.filter((r) => r.status === 'REJECTED')).toEqual([]);
    expect((await tossRecord(shop.t.http, order.orderId)).deposits).toBe(1);
    await expectBooksMatch(shop.t.http, shop.boss.auth, order.orderId);
  });

  it('out of order: a late ABORTED after DONE cannot move a paid order back', async () => {
    const order = await confirmed('CARD', '상품2');
    await post({
      eventType: 'PAYMENT_STATUS_CHANGED',
      createdAt: '2020-01-01T00:00:00.000000',
      data: {
        paymentKey: order.paymentKey,
        orderId: order.orderId,
        status: 'ABORTED',
        totalAmount: order.amount,
      },
    }).expect(200);
    await processed(order.orderId, 1);
    expect((await orderOf(order.orderId)).status).toBe('PAID');
    await expectBooksMatch(shop.t.http, shop.boss.auth, order.orderId);
  });

  it('a forged PAYMENT_STATUS_CHANGED for an unpaid order changes nothing', async () => {
    const order = await createOrder(shop.t.http, shop.kim.auth, [
      { productId: shop.products['상품3'].id, quantity: 2 },
    ]);
    // Authenticated at Toss but never confirmed by us: Toss says IN_PROGRESS, whatever the body says.
    const paymentKey = await authorize(shop.t.http, order);
    await post({
      eventType: 'PAYMENT_STATUS_CHANGED',
      createdAt: '2026-01-01T00:00:00.000000',
      data: { paymentKey, orderId: order.orderId, status: 'DONE', totalAmount: order.amount },
    }).expect(200);
    await post({
      eventType: 'PAYMENT_STATUS_CHANGED',
      createdAt: '2026-01-01T00:00:00.000000',
      data: {
        paymentKey: 'tgen_forged_key',
        orderId: order.orderId,
        status: 'DONE',
        totalAmount: order.amount,
      },
    }).expect(200);
    const rows = await processed(order.orderId, 2);
    expect(rows).toContainEqual({
      status: 'REJECTED',
      verdict: 'Toss does not know this payment',
      event_type: 'PAYMENT_STATUS_CHANGED',
    });
    expect((await orderOf(order.orderId)).status).toBe('PENDING');
    expect((await tossRecord(shop.t.http, order.orderId)).approvals).toBe(0);
    await expectBooksMatch(shop.t.http, shop.boss.auth, order.orderId);
  });

  it('a webhook that cannot be read back from Toss now is retried later, not lost', async () => {
    const order = await confirmed('VIRTUAL_ACCOUNT', '상품2');
    await injectFault(shop.t.http, { kind: 'ERROR', operation: 'get', orderId: order.orderId });
    await shop.t.http
      .post('/sandbox/toss/test/deposit')
      .send({ orderId: order.orderId })
      .expect(200);
    await eventually(
      () =>
        sql<Inbox>(
          shop.t.databaseUrl,
          `SELECT status, verdict, event_type FROM webhook_deliveries WHERE order_id = $1 AND status = 'FAILED'`,
          [order.orderId],
        ),
      (rows) => rows.length > 0,
    );
    expect((await orderOf(order.orderId)).status).toBe('WAITING_FOR_DEPOSIT');
    await clearFaults(shop.t.http);
    await sql(
      shop.t.databaseUrl,
      `UPDATE webhook_deliveries SET next_attempt_at = now() WHERE order_id = $1`,
      [order.orderId],
    );
    await eventually(
      async () => {
        await shop.t.app.get(WebhooksService).drainNow();
        return orderOf(order.orderId);
      },
      (o) => o.status === 'PAID',
    );
    await expectBooksMatch(shop.t.http, shop.boss.auth, order.orderId);
  });

  it('confirm racing the deposit webhook, a repeated confirm and the reconciler ends in one consistent state', async () => {
    const order = await createOrder(shop.t.http, shop.kim.auth, [
      { productId: shop.products['상품1'].id, quantity: 2 },
    ]);
    const paymentKey = await authorize(shop.t.http, order, 'VIRTUAL_ACCOUNT');
    await injectFault(shop.t.http, {
      kind: 'LATENCY',
      operation: 'confirm',
      paymentKey,
      latencyMs: 300,
    });
    const body = { paymentKey, orderId: order.orderId, amount: order.amount };
    const confirm = shop.t.http.post('/api/v1/payments/confirm').set(shop.kim.auth).send(body);
    const reconciler = shop.t.app.get(ReconcilerService);
    const racers = await Promise.all([
      confirm,
      shop.t.http.post('/api/v1/payments/confirm').set(shop.kim.auth).send(body),
      eventually(
        () => shop.t.http.post('/sandbox/toss/test/deposit').send({ orderId: order.orderId }),
        (r) => r.status === 200,
        { timeoutMs: 10_000, intervalMs: 50 },
      ),
      reconciler.runOnce({ olderThanMs: 0 }),
      reconciler.audit(),
    ]);
    expect([racers[0].status, racers[1].status].every((s) => s === 200 || s === 409)).toBe(true);
    await eventually(
      async () => {
        await reconciler.runOnce({ olderThanMs: 0 });
        await reconciler.audit();
        return orderOf(order.orderId);
      },
      (o) => o.status === 'PAID',
      { timeoutMs: 20_000, intervalMs: 200 },
    );
    expect((await tossRecord(shop.t.http, order.orderId)).approvals).toBe(1);
    await expectBooksMatch(shop.t.http, shop.boss.auth, order.orderId);
  });

  describe('money Toss approved that an order cannot take is canceled at Toss', () => {
    const basic = `Basic ${Buffer.from('test_sk_elsewhere:').toString('base64')}`;
    /** An approval made at Toss outside our confirm (another system, a console), for `amount`. */
    async function approvedElsewhere(orderId: string, amount: number): Promise<string> {
      const paymentKey = await authorize(shop.t.http, { orderId, amount });
      await shop.t.http
        .post('/sandbox/toss/v1/payments/confirm')
        .set('Authorization', basic)
        .send({ paymentKey, orderId, amount })
        .expect(200);
      return paymentKey;
    }

    /** Toss tells us of the approval; we must void it at Toss and leave the order `status`. */
    async function expectVoided(
      orderId: string,
      paymentKey: string,
      status: string,
    ): Promise<void> {
      await post({
        eventType: 'PAYMENT_STATUS_CHANGED',
        createdAt: '2026-01-01T00:00:00.000000',
        data: { paymentKey, orderId, status: 'DONE' },
      }).expect(200);
      await processed(orderId, 1);
      await eventually(
        () => tossRecord(shop.t.http, orderId),
        (r) => r.payment?.status === 'CANCELED',
      );
      expect((await orderOf(orderId)).status).toBe(status);
      await expectBooksMatch(shop.t.http, shop.boss.auth, orderId);
    }

    it('an approval for a canceled order is voided', async () => {
      const order = await createOrder(shop.t.http, shop.kim.auth, [
        { productId: shop.products['상품1'].id, quantity: 1 },
      ]);
      await shop.t.http
        .post(`/api/v1/orders/${order.orderId}/cancel`)
        .set(shop.kim.auth)
        .expect(200);
      await expectVoided(
        order.orderId,
        await approvedElsewhere(order.orderId, order.amount),
        'CANCELED',
      );
    });

    // Toss never takes an orderId again once an approval of it was canceled: the order closes.
    it('an approval of another amount is voided and the order, its orderId spent at Toss, ends CANCELED', async () => {
      const order = await createOrder(shop.t.http, shop.kim.auth, [
        { productId: shop.products['상품2'].id, quantity: 1 },
      ]);
      await expectVoided(order.orderId, await approvedElsewhere(order.orderId, 100), 'CANCELED');
      expect((await orderOf(order.orderId)).lastFailure).toMatchObject({
        code: 'PAYMENT_MISMATCH',
      });
    });
  });

  it('the books match Toss for every order of this file', async () => {
    await expectReportEmpty(shop.t.http, shop.boss.auth);
  });
});
