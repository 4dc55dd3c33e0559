import { tossRecord } from '../factories/sandbox.factory';
import { ReconcilerService } from '../../src/payments/reconciler.service';
import { expectBooksMatch, expectReportEmpty } from '../support/books';
import { sql } from '../support/sql';
import { paidOrder, useShop } from '../factories/checkout.factory';

/**
 * Changes made at Toss that no webhook tells us about: here the sandbox's webhooks go to a port
 * nobody listens on, so only the reconciler's slow pass can bring our books in line.
 */
describe('reconciler audit: what Toss changed without telling us', () => {
  const shop = useShop({
    RECONCILE_INTERVAL_MS: '0',
    RECONCILE_AUDIT_INTERVAL_MS: '0',
    SANDBOX_WEBHOOK_URL: 'http://127.0.0.1:9/nowhere',
  });
  const basic = `Basic ${Buffer.from('test_sk_console_user:').toString('base64')}`;

  const orderOf = async (orderId: string) =>
    (await shop.t.http.get(`/api/v1/orders/${orderId}`).set(shop.boss.auth).expect(200)).body;
  const report = async () =>
    (await shop.t.http.get('/api/v1/admin/reconciliation').set(shop.boss.auth).expect(200)).body;

  const paid = (method: string, name: string) =>
    paidOrder(shop.t.http, shop.kim, shop.products[name], method);

  it('a cancel made in Toss’s console shows in the report, then in our books after the audit', async () => {
    const order = await paid('CARD', '상품3');
    await shop.t.http
      .post(`/sandbox/toss/v1/payments/${order.paymentKey}/cancel`)
      .set('Authorization', basic)
      .set('Idempotency-Key', `console-${order.orderId}`)
      .send({ cancelReason: '콘솔에서 부분 취소', cancelAmount: 6000 })
      .expect(200);
    expect((await orderOf(order.orderId)).status).toBe('PAID');
    const before = await report();
    expect(before.discrepancies).toEqual([
      expect.objectContaining({
        orderId: order.orderId,
        problems: ['STATUS_DIFFERS', 'BALANCE_DIFFERS'],
        toss: expect.objectContaining({ balanceAmount: 9000 }),
      }),
    ]);

    const audit = await shop.t.app.get(ReconcilerService).audit();
    expect(audit.changed).toBeGreaterThanOrEqual(1);
    expect((await orderOf(order.orderId)).status).toBe('PARTIALLY_REFUNDED');
    const payment = await shop.t.http
      .get(`/api/v1/payments/${order.paymentKey}`)
      .set(shop.boss.auth)
      .expect(200);
    expect(payment.body).toMatchObject({
      balanceAmount: 9000,
      cancels: [expect.objectContaining({ cancelAmount: 6000 })],
    });
    await expectBooksMatch(shop.t.http, shop.boss.auth, order.orderId);
  });

  it('a deposit we were never told of is found by the audit', async () => {
    const order = await paid('VIRTUAL_ACCOUNT', '상품2');
    await shop.t.http
      .post('/sandbox/toss/test/deposit')
      .send({ orderId: order.orderId })
      .expect(200);
    expect((await orderOf(order.orderId)).status).toBe('WAITING_FOR_DEPOSIT');
    await shop.t.app.get(ReconcilerService).audit();
    expect((await orderOf(order.orderId)).status).toBe('PAID');
    await expectBooksMatch(shop.t.http, shop.boss.auth, order.orderId);
  });

  it('a virtual account past its due date, still unpaid at Toss, expires the order', async () => {
    const order = await paid('VIRTUAL_ACCOUNT', '상품1');
    // Both sides agree the account was due yesterday (Toss sends no webhook for this).
    const yesterday = new Date(Date.now() - 24 * 3600_000).toISOString();
    await sql(
      shop.t.databaseUrl,
      `UPDATE toss_sandbox.sandbox_payments SET details = jsonb_set(details, '{virtualAccount,dueDate}', to_jsonb($2::text)) WHERE payment_key = $1`,
      [order.paymentKey, yesterday],
    );
    await sql(
      shop.t.databaseUrl,
      `UPDATE payments SET raw = jsonb_set(raw, '{virtualAccount,dueDate}', to_jsonb($2::text)) WHERE payment_key = $1`,
      [order.paymentKey, yesterday],
    );
    const audit = await shop.t.app.get(ReconcilerService).audit();
    expect(audit.expiredAccounts).toBe(1);
    expect((await orderOf(order.orderId)).status).toBe('EXPIRED');
    expect((await tossRecord(shop.t.http, order.orderId)).deposits).toBe(0);
    await expectBooksMatch(shop.t.http, shop.boss.auth, order.orderId);
  });

  it('the books match Toss for every order of this file', async () => {
    await expectReportEmpty(shop.t.http, shop.boss.auth);
  });
});
