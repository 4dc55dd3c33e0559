import { createOrder } from '../factories/catalogue.factory';
import { openShop, Shop } from '../factories/checkout.factory';
import { authorize } from '../factories/sandbox.factory';
import { StatementLog } from '../support/statement-log';

/**
 * Round trips are what a checkout costs on this stack (each statement is a trip to PostgreSQL and
 * back, with the driver and the kernel on both sides): the hot paths have a budget, and a change
 * that quietly adds statements (an ORM save() that reads before it writes, a re-read for the
 * response) fails here with the statements listed. Speed itself is measured by `npm run bench`.
 */
const BUDGET = {
  'GET /api/v1/products': 1,
  // Products by id, then the order and its lines in one statement.
  'POST /api/v1/orders': 2,
  // Transaction A (one conditional UPDATE), then the record with the Toss call's audit row: one
  // statement that lands only if the order is still as A left it (else BEGIN, lock, one write, COMMIT).
  'POST /api/v1/payments/confirm': 2,
  // The sandbox stands in for Toss, but shares this machine in the benchmark: one insert (a second
  // only when another process moved the sandbox clock), and for confirm the call's log + key claim
  // + fault + read, then one write.
  'POST /sandbox/toss/test/authorize': 2,
  'POST /sandbox/toss/v1/payments/confirm': 2,
};

describe('statement budget of the checkout hot paths', () => {
  let shop: Shop;
  let log: StatementLog;

  beforeAll(async () => {
    // The sandbox's webhooks go nowhere: a PAYMENT_STATUS_CHANGED applied by the worker before the
    // confirm records its answer would (rightly) send the confirm down its locked path.
    shop = await openShop({ SANDBOX_WEBHOOK_URL: 'http://127.0.0.1:9/nowhere' });
    log = new StatementLog(shop.t.app.getHttpServer());
  });
  afterAll(async () => {
    log.restore();
    await shop.t.close();
  });

  function expectWithin(route: string, budget: number): void {
    const statements = log.of(route);
    const listing = `${route}: ${statements.length} statements\n  ${statements.join('\n  ')}`;
    expect(statements.length).toBeGreaterThan(0);
    if (statements.length > budget) throw new Error(`over its budget of ${budget}: ${listing}`);
  }

  it('a checkout stays within each route’s budget, and the order ends PAID', async () => {
    const { t, kim, products } = shop;
    // Twice: the first checkout of a process may warm caches the second does not need.
    for (let round = 0; round < 2; round++) {
      log.clear();
      await t.http.get('/api/v1/products').expect(200);
      const order = await createOrder(t.http, kim.auth, [
        { productId: products['상품1'].id, quantity: 2 },
      ]);
      const paymentKey = await authorize(t.http, order);
      const confirmed = await t.http
        .post('/api/v1/payments/confirm')
        .set(kim.auth)
        .send({ paymentKey, orderId: order.orderId, amount: order.amount })
        .expect(200);
      expect(confirmed.body).toMatchObject({ status: 'DONE', totalAmount: order.amount });
      for (const [route, budget] of Object.entries(BUDGET)) expectWithin(route, budget);

      const seen = await t.http.get(`/api/v1/orders/${order.orderId}`).set(kim.auth).expect(200);
      expect(seen.body).toMatchObject({
        status: 'PAID',
        amount: order.amount,
        payment: { paymentKey },
      });
    }
  });

  it('a repeat of a confirm that succeeded answers from our books in 3 statements, without Toss', async () => {
    const { t, kim, products } = shop;
    const order = await createOrder(t.http, kim.auth, [
      { productId: products['상품2'].id, quantity: 1 },
    ]);
    const paymentKey = await authorize(t.http, order);
    const body = { paymentKey, orderId: order.orderId, amount: order.amount };
    const first = await t.http
      .post('/api/v1/payments/confirm')
      .set(kim.auth)
      .send(body)
      .expect(200);
    log.clear();
    const again = await t.http
      .post('/api/v1/payments/confirm')
      .set(kim.auth)
      .send(body)
      .expect(200);
    expect(again.body).toEqual(first.body);
    expect(log.of('POST /sandbox/toss/v1/payments/confirm')).toEqual([]);
    expectWithin('POST /api/v1/payments/confirm', 3);
  });
});
