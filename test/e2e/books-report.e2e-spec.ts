import { ReconcilerService } from '../../src/payments/reconciler.service';
import { paidOrder, useShop } from '../factories/checkout.factory';
import { tossRecord } from '../factories/sandbox.factory';
import { expectBooksMatch } from '../support/books';
import { sql } from '../support/sql';

interface Report {
  checked: number;
  discrepancies: { orderId: string; problems: string[] }[];
}

/** The books report and the slow audit pass see every order of their window, and heal balances. */
describe('books report and audit coverage', () => {
  const shop = useShop({
    RECONCILE_INTERVAL_MS: '0',
    RECONCILE_AUDIT_INTERVAL_MS: '0',
    SANDBOX_WEBHOOK_URL: 'http://127.0.0.1:9/nowhere',
  });

  const report = async () =>
    (await shop.t.http.get('/api/v1/admin/reconciliation').set(shop.boss.auth).expect(200))
      .body as Report;
  const refund = (paymentKey: string, body: object) =>
    shop.t.http
      .post(`/api/v1/payments/${paymentKey}/cancel`)
      .set(shop.boss.auth)
      .send(body)
      .expect(200);
  /** Our payment row's balance, as a lost cancel would leave it. */
  const setOurBalance = (paymentKey: string, balance: number) =>
    sql(shop.t.databaseUrl, 'UPDATE payments SET balance_amount = $2 WHERE payment_key = $1', [
      paymentKey,
      balance,
    ]);

  it('the audit pass heals a balance that differs from Toss, for a refunded order too', async () => {
    const part = await paidOrder(shop.t.http, shop.kim, shop.products['상품1']);
    await refund(part.paymentKey, { cancelReason: '부분', cancelAmount: 1000 });
    const full = await paidOrder(shop.t.http, shop.kim, shop.products['상품1']);
    await refund(full.paymentKey, { cancelReason: '부분', cancelAmount: 1000 });
    await refund(full.paymentKey, { cancelReason: '나머지' });
    await setOurBalance(part.paymentKey, 4500);
    await setOurBalance(full.paymentKey, 500);

    const audit = await shop.t.app.get(ReconcilerService).audit({ days: 1 });
    expect(audit.changed).toBeGreaterThanOrEqual(2);
    expect((await tossRecord(shop.t.http, full.orderId)).payment?.balanceAmount).toBe(0);
    await expectBooksMatch(shop.t.http, shop.boss.auth, part.orderId);
    await expectBooksMatch(shop.t.http, shop.boss.auth, full.orderId);
  });

  it('checks every order of its window, not only the most recent thousand, and says how many', async () => {
    const p = await paidOrder(shop.t.http, shop.kim, shop.products['상품1']);
    await refund(p.paymentKey, { cancelReason: '부분', cancelAmount: 1000 });
    await setOurBalance(p.paymentKey, 4500);
    // 1,000 orders changed after it: a report of the latest 1,000 would not reach it.
    await sql(
      shop.t.databaseUrl,
      `INSERT INTO orders (order_id, customer_id, order_name, amount, currency, status, expires_at, updated_at)
       SELECT 'bulk-' || g, $1, '상품1', 5000, 'KRW', 'PENDING', now() + interval '1 day', now() + interval '1 second'
         FROM generate_series(1, 1000) AS g`,
      [shop.kim.id],
    );
    const [{ n }] = await sql<{ n: string }>(
      shop.t.databaseUrl,
      'SELECT count(*) AS n FROM orders',
    );

    const found = await report();
    expect(found.checked).toBe(Number(n));
    expect(found.discrepancies).toEqual([
      expect.objectContaining({ orderId: p.orderId, problems: ['BALANCE_DIFFERS'] }),
    ]);
  });
});
