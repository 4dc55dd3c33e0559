import { createOrder } from '../factories/catalogue.factory';
import { paidOrder, useShop } from '../factories/checkout.factory';
import { authorize, clearFaults, injectFault } from '../factories/sandbox.factory';
import { expectBooksMatch } from '../support/books';

/**
 * Toss's refusals as our clients see them (docs/api.md, "Toss's refusals"): Toss's HTTP status
 * never reaches them; a decline keeps Toss's code with our 402, the shop's own setup is our 500
 * with Toss's code in details, and a code the contract does not list is named by one that it does.
 */
describe("Toss's refusals, answered with our statuses (e2e)", () => {
  const shop = useShop({ RECONCILE_INTERVAL_MS: '0', TOSS_CONFIRM_RETRIES: '0' });
  afterEach(() => clearFaults(shop.t.http));

  async function declinedConfirm(code: string, httpStatus: number) {
    const order = await createOrder(shop.t.http, shop.kim.auth, [
      { productId: shop.products['상품1'].id, quantity: 1 },
    ]);
    const paymentKey = await authorize(shop.t.http, order);
    await injectFault(shop.t.http, {
      kind: 'DECLINE',
      operation: 'confirm',
      paymentKey,
      code,
      httpStatus,
      message: `Toss says ${code}`,
    });
    const res = await shop.t.http
      .post('/api/v1/payments/confirm')
      .set(shop.kim.auth)
      .send({ paymentKey, orderId: order.orderId, amount: order.amount });
    const after = await shop.t.http
      .get(`/api/v1/orders/${order.orderId}`)
      .set(shop.kim.auth)
      .expect(200);
    await expectBooksMatch(shop.t.http, shop.boss.auth, order.orderId);
    return { res, order: after.body as { status: string } };
  }

  it.each([
    ['a card decline Toss sent as 403', 'REJECT_CARD_PAYMENT', 403],
    ['a card decline Toss sent as 400', 'INVALID_CARD_EXPIRATION', 400],
    ['a lost session Toss sent as 404', 'NOT_FOUND_PAYMENT_SESSION', 404],
  ])(
    "%s: 402 with Toss's code and message, the order payable again",
    async (_, code, httpStatus) => {
      const { res, order } = await declinedConfirm(code, httpStatus);
      expect({ status: res.status, body: res.body }).toEqual({
        status: 402,
        body: { statusCode: 402, code, message: `Toss says ${code}` },
      });
      expect(order.status).toBe('PENDING');
    },
  );

  it.each([
    ['the wrong secret key (Toss: 401)', 'UNAUTHORIZED_KEY', 401],
    ['a key pair that does not match (Toss: 403)', 'FORBIDDEN_REQUEST', 403],
    ['an unregistered business (Toss: 400)', 'NOT_REGISTERED_BUSINESS', 400],
  ])(
    "%s: our 500 MERCHANT_CONFIGURATION_ERROR with Toss's code in details, never Toss's status",
    async (_, code, httpStatus) => {
      const { res, order } = await declinedConfirm(code, httpStatus);
      expect({ status: res.status, body: res.body }).toEqual({
        status: 500,
        body: {
          statusCode: 500,
          code: 'MERCHANT_CONFIGURATION_ERROR',
          message: expect.stringContaining("this shop's payment setup"),
          details: { tossCode: code, tossMessage: `Toss says ${code}` },
        },
      });
      expect(order.status).toBe('PENDING');
    },
  );

  it("a decline code the contract does not list: 402 PAYMENT_DECLINED with Toss's code in details", async () => {
    const { res, order } = await declinedConfirm('SOME_NEW_TOSS_CODE', 403);
    expect({ status: res.status, body: res.body }).toEqual({
      status: 402,
      body: {
        statusCode: 402,
        code: 'PAYMENT_DECLINED',
        message: 'Toss says SOME_NEW_TOSS_CODE',
        details: { tossCode: 'SOME_NEW_TOSS_CODE', tossMessage: 'Toss says SOME_NEW_TOSS_CODE' },
      },
    });
    expect(order.status).toBe('PENDING');
  });

  it.each([
    [
      "the payment's state at Toss",
      'NOT_CANCELABLE_PAYMENT',
      403,
      409,
      'NOT_CANCELABLE_PAYMENT',
      false,
    ],
    [
      'the refund account',
      'INVALID_REFUND_ACCOUNT_NUMBER',
      400,
      400,
      'INVALID_REFUND_ACCOUNT_NUMBER',
      false,
    ],
    ["the shop's key", 'UNAUTHORIZED_KEY', 401, 500, 'MERCHANT_CONFIGURATION_ERROR', true],
    ['a code the contract does not list', 'SOME_NEW_REFUSAL', 403, 409, 'REFUND_REFUSED', true],
  ])(
    'a refund refused for %s: Toss %s (its %i) → our %i %s',
    async (_, tossCode, httpStatus, status, code, withDetails) => {
      const paid = await paidOrder(shop.t.http, shop.kim, shop.products['상품1']);
      await injectFault(shop.t.http, {
        kind: 'DECLINE',
        operation: 'cancel',
        paymentKey: paid.paymentKey,
        code: tossCode,
        httpStatus,
        message: `Toss says ${tossCode}`,
      });
      const res = await shop.t.http
        .post(`/api/v1/payments/${paid.paymentKey}/cancel`)
        .set(shop.boss.auth)
        .send({ cancelReason: '고객 변심' });
      expect({ status: res.status, body: res.body }).toEqual({
        status,
        body: {
          statusCode: status,
          code,
          message: expect.any(String),
          ...(withDetails ? { details: { tossCode, tossMessage: `Toss says ${tossCode}` } } : {}),
        },
      });
      // Nothing was refunded: the order is still paid in full, as at Toss.
      const order = await shop.t.http
        .get(`/api/v1/orders/${paid.orderId}`)
        .set(shop.boss.auth)
        .expect(200);
      expect(order.body.status).toBe('PAID');
      await expectBooksMatch(shop.t.http, shop.boss.auth, paid.orderId);
    },
  );
});
