import { paidOrder, useShop } from '../factories/checkout.factory';
import { createOrder } from '../factories/catalogue.factory';
import { authorize } from '../factories/sandbox.factory';
import { expectBooksMatch, expectReportEmpty } from '../support/books';
import type { OrderPayment } from '../../src/payments/order-payment';
import { OrderPaymentsRepository } from '../../src/payments/order-payments.repository';
import { confirmKey } from '../../src/payments/ledger-rules';
import { PaymentLedger } from '../../src/payments/payment-ledger';
import { TossClient } from '../../src/toss/toss.client';

/**
 * The confirm records Toss's answer against the order as its transaction A left it, in one
 * statement that lands only if the row is still that. These cases hand the ledger a copy that is
 * out of date, as if a webhook, the reconciler or a refund had moved the order in between: the
 * decision must then be made again on the row as it is, under its lock.
 */
describe('PaymentLedger.apply against an order that moved since it was read', () => {
  const shop = useShop({ RECONCILE_INTERVAL_MS: '0' });

  /** The order as transaction A would have left it: IN_PROGRESS with this payment. */
  async function asTransactionALeftIt(orderId: string, paymentKey: string): Promise<OrderPayment> {
    const now = (await shop.t.app.get(OrderPaymentsRepository).findById(orderId))!;
    return { ...now, status: 'IN_PROGRESS', paymentKey, paidAt: null, canceledAt: null };
  }

  it('a late record of the approval does not bring a refunded order back to PAID', async () => {
    const paid = await paidOrder(shop.t.http, shop.kim, shop.products['상품3']);
    // Toss's answer to the confirm, kept while the order goes on to be refunded in full.
    const approval = await shop.t.app.get(TossClient).getPayment(paid.paymentKey);
    expect(approval.status).toBe('DONE');
    await shop.t.http
      .post(`/api/v1/payments/${paid.paymentKey}/cancel`)
      .set(shop.boss.auth)
      .send({ cancelReason: '고객 변심' })
      .expect(200);

    const result = await shop.t.app
      .get(PaymentLedger)
      .apply(approval, await asTransactionALeftIt(paid.orderId, paid.paymentKey));

    expect(result.kind).toBe('stale');
    const order = await shop.t.http
      .get(`/api/v1/orders/${paid.orderId}`)
      .set(shop.kim.auth)
      .expect(200);
    expect(order.body.status).toBe('REFUNDED');
    // The late answer stored Toss's older view of the payment; a fresh read puts the books right.
    await shop.t.app
      .get(PaymentLedger)
      .apply(await shop.t.app.get(TossClient).getPayment(paid.paymentKey));
    await expectBooksMatch(shop.t.http, shop.boss.auth, paid.orderId);
  });

  it('a record that finds the order already PAID by a webhook answers applied and changes nothing', async () => {
    const paid = await paidOrder(shop.t.http, shop.kim, shop.products['상품1']);
    const approval = await shop.t.app.get(TossClient).getPayment(paid.paymentKey);
    const before = (await shop.t.app.get(OrderPaymentsRepository).findById(paid.orderId))!;

    const result = await shop.t.app
      .get(PaymentLedger)
      .apply(approval, await asTransactionALeftIt(paid.orderId, paid.paymentKey));

    expect(result).toMatchObject({
      kind: 'applied',
      order: { status: 'PAID', paidAt: before.paidAt },
    });
    const after = (await shop.t.app.get(OrderPaymentsRepository).findById(paid.orderId))!;
    expect(after).toMatchObject({
      status: 'PAID',
      paidAt: before.paidAt,
      paymentKey: paid.paymentKey,
    });
    await expectReportEmpty(shop.t.http, shop.boss.auth);
  });

  it('the confirm’s record racing a webhook’s locked apply of the same approval: no deadlock, PAID once', async () => {
    const ledger = shop.t.app.get(PaymentLedger);
    const toss = shop.t.app.get(TossClient);
    const orders = shop.t.app.get(OrderPaymentsRepository);
    // Both take the order's row lock before the payment's; in the other order they deadlocked.
    const races = Array.from({ length: 12 }, async () => {
      const order = await createOrder(shop.t.http, shop.kim.auth, [
        { productId: shop.products['상품1'].id, quantity: 1 },
      ]);
      const paymentKey = await authorize(shop.t.http, order);
      const idempotencyKey = confirmKey(order.orderId, paymentKey);
      const begun = await orders.startPayment({
        orderId: order.orderId,
        paymentKey,
        amount: order.amount,
        customerId: null,
        idempotencyKey,
        now: new Date(),
      });
      const approval = await toss.confirm(
        { paymentKey, orderId: order.orderId, amount: order.amount },
        idempotencyKey,
      );
      const [confirm, webhook] = await Promise.all([
        ledger.apply(approval, begun!),
        ledger.apply(approval),
      ]);
      expect([confirm.kind, webhook.kind]).toEqual(['applied', 'applied']);
      return order.orderId;
    });
    for (const orderId of await Promise.all(races)) {
      expect((await orders.findById(orderId))?.status).toBe('PAID');
      await expectBooksMatch(shop.t.http, shop.boss.auth, orderId);
    }
  });
});
