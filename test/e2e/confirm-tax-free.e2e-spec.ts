import { createOrder, SeedProduct } from '../factories/catalogue.factory';
import { useShop } from '../factories/checkout.factory';
import { authorize } from '../factories/sandbox.factory';
import { expectBooksMatch, expectReportEmpty } from '../support/books';
import { LogCapture } from '../support/log-capture';
import { authorizeBilling, eventually, TOSS, basicAuth } from './sandbox-helpers';

interface OrderView {
  orderId: string;
  orderName: string;
  amount: number;
  taxFreeAmount: number;
  status: string;
  lastFailure?: { code: string; message: string };
}

/**
 * The order's tax-free part at confirm (docs/toss.md, "Tax-free amounts"): Toss reads it only from
 * the payment window's request, so the approval is checked against the order's; another one is
 * voided at Toss and the order closed (its orderId is spent there), a new order paying instead.
 * Billing charges carry their plan's tax class.
 */
describe('Tax-free amounts at confirm and in billing charges (e2e)', () => {
  const logs = new LogCapture();
  const shop = useShop({ RECONCILE_INTERVAL_MS: '0' }, logs);
  const taxFree = (): SeedProduct => {
    const found = Object.values(shop.products).find((p) => p.taxClass === 'TAX_FREE');
    if (!found) throw new Error('the seed catalogue has no tax-free product');
    return found;
  };

  /** 상품1 (taxable) ×1 and the tax-free seed product ×2. */
  const mixedOrder = async (): Promise<OrderView> =>
    await createOrder(shop.t.http, shop.kim.auth, [
      { productId: shop.products['상품1'].id, quantity: 1 },
      { productId: taxFree().id, quantity: 2 },
    ]);

  const confirm = (paymentKey: string, order: OrderView) =>
    shop.t.http
      .post('/api/v1/payments/confirm')
      .set(shop.kim.auth)
      .send({ paymentKey, orderId: order.orderId, amount: order.amount });

  const tossPayment = async (paymentKey: string) =>
    (await shop.t.http.get(`${TOSS}/payments/${paymentKey}`).set(basicAuth()).expect(200)).body as {
      status: string;
      taxFreeAmount: number;
      vat: number;
      suppliedAmount: number;
    };

  it('a mixed order: the server computes the tax-free part, Toss approves it, the payment answers Toss’s split', async () => {
    const order = await mixedOrder();
    expect(order.taxFreeAmount).toBe(2 * taxFree().price);
    expect(order.amount).toBe(shop.products['상품1'].price + 2 * taxFree().price);

    const paymentKey = await authorize(shop.t.http, order);
    const res = await confirm(paymentKey, order).expect(200);
    const taxable = order.amount - order.taxFreeAmount;
    const vat = Math.round(taxable / 11);
    expect(res.body).toMatchObject({
      status: 'DONE',
      totalAmount: order.amount,
      taxFreeAmount: order.taxFreeAmount,
      vat,
      suppliedAmount: taxable - vat,
    });
    expect(await tossPayment(paymentKey)).toMatchObject({
      taxFreeAmount: order.taxFreeAmount,
      vat,
      suppliedAmount: taxable - vat,
    });
    await expectBooksMatch(shop.t.http, shop.boss.auth, order.orderId);
  });

  it('a window request without the tax-free part: voided at Toss, TAX_FREE_AMOUNT_MISMATCH, the order closed with that code; a new order pays', async () => {
    const order = await mixedOrder();
    const forgotten = await authorize(shop.t.http, { ...order, taxFreeAmount: 0 });
    const res = await confirm(forgotten, order);
    expect({ status: res.status, body: res.body }).toEqual({
      status: 400,
      body: {
        statusCode: 400,
        code: 'TAX_FREE_AMOUNT_MISMATCH',
        message: expect.stringContaining('Order again'),
        details: { expected: order.taxFreeAmount, got: 0 },
      },
    });
    expect((await tossPayment(forgotten)).status).toBe('CANCELED');
    expect(logs.text()).toContain(
      `MONEY ALERT: voiding payment ${forgotten} of order ${order.orderId}: approved tax-free amount 0 differs from the order's ${order.taxFreeAmount}`,
    );
    const after = (
      await shop.t.http.get(`/api/v1/orders/${order.orderId}`).set(shop.kim.auth).expect(200)
    ).body as OrderView;
    expect(after).toMatchObject({
      status: 'CANCELED',
      lastFailure: { code: 'TAX_FREE_AMOUNT_MISMATCH' },
    });
    await expectBooksMatch(shop.t.http, shop.boss.auth, order.orderId);

    // Toss never takes an orderId again after an approval of it was canceled.
    const reused = await shop.t.http.post('/sandbox/toss/test/authorize').send({
      orderId: order.orderId,
      amount: order.amount,
      orderName: order.orderName,
      method: 'CARD',
    });
    expect([reused.status, reused.body.code]).toEqual([400, 'DUPLICATED_ORDER_ID']);

    // The same items ordered again, this time with the tax-free part in the window.
    const again = await mixedOrder();
    const paymentKey = await authorize(shop.t.http, again);
    await confirm(paymentKey, again).expect(200);
    await expectBooksMatch(shop.t.http, shop.boss.auth, again.orderId);
  });

  it("a TAX_FREE plan's charges send the whole amount as tax-free, and Toss's approval carries it", async () => {
    const plan = (
      await shop.t.http
        .post('/api/v1/plans')
        .set(shop.boss.auth)
        .send({
          name: '면세 정기배송',
          amount: 12000,
          intervalUnit: 'MONTH',
          intervalCount: 1,
          taxClass: 'TAX_FREE',
        })
        .expect(201)
    ).body as { id: string; taxClass: string };
    expect(plan.taxClass).toBe('TAX_FREE');
    const { customerKey } = (
      await shop.t.http.get('/api/v1/billing/customer-key').set(shop.kim.auth).expect(200)
    ).body as { customerKey: string };
    const card = (
      await shop.t.http
        .post('/api/v1/billing/cards')
        .set(shop.kim.auth)
        .send(await authorizeBilling(shop.t.http, customerKey))
        .expect(201)
    ).body as { id: string };
    const subscription = (
      await shop.t.http
        .post('/api/v1/subscriptions')
        .set(shop.kim.auth)
        .send({ planId: plan.id, cardId: card.id })
        .expect(201)
    ).body as { charges: { orderId: string; status: string; paymentKey: string | null }[] };
    const charge = subscription.charges[0];
    expect(charge).toMatchObject({ status: 'DONE' });

    const paid = await eventually(
      async () => {
        const order = (
          await shop.t.http.get(`/api/v1/orders/${charge.orderId}`).set(shop.boss.auth).expect(200)
        ).body as OrderView;
        return order.status === 'PAID' ? order : undefined;
      },
      10_000,
      'the charge order PAID',
    );
    expect(paid).toMatchObject({ amount: 12000, taxFreeAmount: 12000 });
    expect(await tossPayment(charge.paymentKey!)).toMatchObject({
      taxFreeAmount: 12000,
      vat: 0,
      suppliedAmount: 0,
    });
    await expectBooksMatch(shop.t.http, shop.boss.auth, charge.orderId);
  });

  it('the books report is empty at the end', async () => {
    await expectReportEmpty(shop.t.http, shop.boss.auth);
  });
});
