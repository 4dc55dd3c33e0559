import { customer } from '../factories/auth.factory';
import { createOrder } from '../factories/catalogue.factory';
import { authorize, clearFaults, injectFault, tossRecord } from '../factories/sandbox.factory';
import { expectBooksMatch, expectReportEmpty } from '../support/books';
import { sql } from '../support/sql';
import { useShop } from '../factories/checkout.factory';

/** Confirm against the built-in sandbox over HTTP (no mocked TossClient): the money-safe path. */
describe('POST /api/v1/payments/confirm', () => {
  const shop = useShop({
    RECONCILE_INTERVAL_MS: '0',
    TOSS_CONFIRM_TIMEOUT_MS: '3000',
    TOSS_CONFIRM_RETRIES: '1',
  });
  afterEach(() => clearFaults(shop.t.http));

  async function pendingOrder(name = '상품1', quantity = 1, who = shop.kim) {
    return createOrder(shop.t.http, who.auth, [{ productId: shop.products[name].id, quantity }]);
  }

  function confirm(body: { paymentKey: string; orderId: string; amount: number }, who = shop.kim) {
    return shop.t.http.post('/api/v1/payments/confirm').set(who.auth).send(body);
  }

  async function orderStatus(orderId: string): Promise<string> {
    return (await shop.t.http.get(`/api/v1/orders/${orderId}`).set(shop.boss.auth).expect(200)).body
      .status;
  }

  describe('happy paths, one per method', () => {
    it.each([
      [
        'CARD',
        '카드',
        'PAID',
        'DONE',
        (body: Record<string, unknown>) =>
          expect(body.card).toMatchObject({
            number: expect.any(String),
            approveNo: expect.any(String),
          }),
      ],
      [
        'VIRTUAL_ACCOUNT',
        '가상계좌',
        'WAITING_FOR_DEPOSIT',
        'WAITING_FOR_DEPOSIT',
        (body: Record<string, unknown>) =>
          expect(body.virtualAccount).toMatchObject({
            accountNumber: expect.any(String),
            bankCode: expect.any(String),
            dueDate: expect.any(String),
          }),
      ],
      [
        'TRANSFER',
        '계좌이체',
        'PAID',
        'DONE',
        (body: Record<string, unknown>) =>
          expect(body.transfer).toMatchObject({ bankCode: expect.any(String) }),
      ],
      [
        'MOBILE_PHONE',
        '휴대폰',
        'PAID',
        'DONE',
        (body: Record<string, unknown>) =>
          expect(body.mobilePhone).toMatchObject({ customerMobilePhone: expect.any(String) }),
      ],
      [
        'EASY_PAY',
        '간편결제',
        'PAID',
        'DONE',
        (body: Record<string, unknown>) =>
          expect(body.easyPay).toMatchObject({ provider: expect.any(String) }),
      ],
    ])(
      '%s: Toss approves, the order is %s with the method details',
      async (method, korean, orderState, tossStatus, details) => {
        const order = await pendingOrder('상품3');
        const paymentKey = await authorize(shop.t.http, order, method);
        const res = await confirm({ paymentKey, orderId: order.orderId, amount: 15000 }).expect(
          200,
        );
        expect(res.body).toMatchObject({
          paymentKey,
          orderId: order.orderId,
          method: korean,
          status: tossStatus,
          totalAmount: 15000,
          balanceAmount: 15000,
          cancels: [],
        });
        details(res.body);
        expect(res.body).not.toHaveProperty('secret');
        const view = await shop.t.http
          .get(`/api/v1/orders/${order.orderId}`)
          .set(shop.kim.auth)
          .expect(200);
        expect(view.body).toMatchObject({
          status: orderState,
          payment: { paymentKey, method: korean, status: tossStatus },
        });
        await expectBooksMatch(shop.t.http, shop.boss.auth, order.orderId);
      },
    );
  });

  it('the same confirm again answers the stored payment and does not call Toss again', async () => {
    const order = await pendingOrder();
    const paymentKey = await authorize(shop.t.http, order);
    const first = await confirm({ paymentKey, orderId: order.orderId, amount: 5000 }).expect(200);
    const again = await confirm({ paymentKey, orderId: order.orderId, amount: 5000 }).expect(200);
    expect(again.body).toEqual(first.body);
    expect((await tossRecord(shop.t.http, order.orderId)).confirmCalls).toBe(1);
    await expectBooksMatch(shop.t.http, shop.boss.auth, order.orderId);
  });

  it('a tampered amount is refused before Toss is called', async () => {
    const order = await pendingOrder();
    const paymentKey = await authorize(shop.t.http, order);
    const res = await confirm({ paymentKey, orderId: order.orderId, amount: 100 }).expect(400);
    expect(res.body).toMatchObject({ statusCode: 400, code: 'AMOUNT_MISMATCH' });
    expect((await tossRecord(shop.t.http, order.orderId)).confirmCalls).toBe(0);
    expect(await orderStatus(order.orderId)).toBe('PENDING');
    await expectBooksMatch(shop.t.http, shop.boss.auth, order.orderId);
  });

  it("another customer's order is 404 and Toss is not called", async () => {
    const order = await pendingOrder();
    const paymentKey = await authorize(shop.t.http, order);
    const lee = await customer(shop.t.http, '이고객');
    const res = await confirm({ paymentKey, orderId: order.orderId, amount: 5000 }, lee).expect(
      404,
    );
    expect(res.body.code).toBe('ORDER_NOT_FOUND');
    expect((await tossRecord(shop.t.http, order.orderId)).confirmCalls).toBe(0);
  });

  it('an unknown order is 404 ORDER_NOT_FOUND', async () => {
    const res = await confirm({
      paymentKey: 'tgen_nothing',
      orderId: 'no-such-order-123',
      amount: 5000,
    }).expect(404);
    expect(res.body.code).toBe('ORDER_NOT_FOUND');
  });

  it('an expired order is 409 ORDER_NOT_PAYABLE and Toss is not called', async () => {
    const order = await pendingOrder();
    const paymentKey = await authorize(shop.t.http, order);
    await sql(
      shop.t.databaseUrl,
      `UPDATE orders SET expires_at = now() - interval '1 minute' WHERE order_id = $1`,
      [order.orderId],
    );
    const res = await confirm({ paymentKey, orderId: order.orderId, amount: 5000 }).expect(409);
    expect(res.body.code).toBe('ORDER_NOT_PAYABLE');
    expect((await tossRecord(shop.t.http, order.orderId)).confirmCalls).toBe(0);
  });

  it('a canceled order is 409 ORDER_NOT_PAYABLE', async () => {
    const order = await pendingOrder();
    const paymentKey = await authorize(shop.t.http, order);
    await shop.t.http.post(`/api/v1/orders/${order.orderId}/cancel`).set(shop.kim.auth).expect(200);
    const res = await confirm({ paymentKey, orderId: order.orderId, amount: 5000 }).expect(409);
    expect(res.body.code).toBe('ORDER_NOT_PAYABLE');
    await expectBooksMatch(shop.t.http, shop.boss.auth, order.orderId);
  });

  it("a decline keeps Toss's code but answers our 402, the order goes back to PENDING, and a new attempt pays", async () => {
    const order = await pendingOrder();
    const declined = await authorize(shop.t.http, order);
    await injectFault(shop.t.http, {
      kind: 'DECLINE',
      operation: 'confirm',
      paymentKey: declined,
      code: 'REJECT_CARD_PAYMENT',
      httpStatus: 403,
      message: '한도초과 혹은 잔액부족으로 결제에 실패했습니다.',
    });
    const refused = await confirm({
      paymentKey: declined,
      orderId: order.orderId,
      amount: 5000,
    }).expect(402);
    expect(refused.body).toMatchObject({
      statusCode: 402,
      code: 'REJECT_CARD_PAYMENT',
      message: '한도초과 혹은 잔액부족으로 결제에 실패했습니다.',
    });
    const afterDecline = await shop.t.http
      .get(`/api/v1/orders/${order.orderId}`)
      .set(shop.kim.auth)
      .expect(200);
    expect(afterDecline.body).toMatchObject({
      status: 'PENDING',
      lastFailure: { code: 'REJECT_CARD_PAYMENT' },
    });
    await expectBooksMatch(shop.t.http, shop.boss.auth, order.orderId);

    const retry = await authorize(shop.t.http, order);
    const paid = await confirm({ paymentKey: retry, orderId: order.orderId, amount: 5000 });
    expect(paid.body).toMatchObject({ status: 'DONE', paymentKey: retry });
    expect(await orderStatus(order.orderId)).toBe('PAID');
    await expectBooksMatch(shop.t.http, shop.boss.auth, order.orderId);
  });

  it('30 parallel confirms of one order: one approval, the rest 200 (same payment) or 409, never a 5xx', async () => {
    const order = await pendingOrder('상품2');
    const paymentKey = await authorize(shop.t.http, order);
    await injectFault(shop.t.http, {
      kind: 'LATENCY',
      operation: 'confirm',
      orderId: order.orderId,
      latencyMs: 300,
    });
    const responses = await Promise.all(
      Array.from({ length: 30 }, () =>
        confirm({ paymentKey, orderId: order.orderId, amount: 10000 }),
      ),
    );
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s !== 200 && s !== 409)).toEqual([]);
    expect(statuses.filter((s) => s === 200).length).toBeGreaterThanOrEqual(1);
    for (const r of responses.filter((x) => x.status === 409))
      expect(r.body.code).toBe('PAYMENT_IN_PROGRESS');
    const record = await tossRecord(shop.t.http, order.orderId);
    expect(record.approvals).toBe(1);
    const audit = await shop.t.http
      .get(`/api/v1/payments/${paymentKey}`)
      .set(shop.boss.auth)
      .expect(200);
    const confirms = (
      audit.body.attempts as {
        operation: string;
        caller: string;
        idempotencyKey: string;
        outcome: string;
        code?: string;
      }[]
    ).filter((a) => a.operation === 'confirm');
    // Only the first request reached Toss; the others were stopped at the row lock.
    expect({ calls: record.confirmCalls, confirms }).toEqual({
      calls: 1,
      confirms: [expect.objectContaining({ caller: 'confirm', outcome: 'ok' })],
    });
    await expectBooksMatch(shop.t.http, shop.boss.auth, order.orderId);
  });

  it('approve-then-5xx: Toss approved but answered 500; the order still ends PAID', async () => {
    const order = await pendingOrder();
    const paymentKey = await authorize(shop.t.http, order);
    await injectFault(shop.t.http, {
      kind: 'APPROVE_THEN_ERROR',
      operation: 'confirm',
      paymentKey,
      remaining: 1,
    });
    const res = await confirm({ paymentKey, orderId: order.orderId, amount: 5000 }).expect(200);
    expect(res.body).toMatchObject({ status: 'DONE', paymentKey });
    expect(await orderStatus(order.orderId)).toBe('PAID');
    expect((await tossRecord(shop.t.http, order.orderId)).approvals).toBe(1);
    await expectBooksMatch(shop.t.http, shop.boss.auth, order.orderId);
  });

  it('approve-then-hang: Toss approved and never answered; the order still ends PAID', async () => {
    const order = await pendingOrder();
    const paymentKey = await authorize(shop.t.http, order);
    await injectFault(shop.t.http, {
      kind: 'APPROVE_THEN_HANG',
      operation: 'confirm',
      paymentKey,
      remaining: 1,
    });
    const res = await confirm({ paymentKey, orderId: order.orderId, amount: 5000 });
    expect(res.status).toBe(200);
    expect(await orderStatus(order.orderId)).toBe('PAID');
    await expectBooksMatch(shop.t.http, shop.boss.auth, order.orderId);
  });

  it('admins see the audit trail of Toss calls on the payment', async () => {
    const order = await pendingOrder();
    const paymentKey = await authorize(shop.t.http, order);
    await confirm({ paymentKey, orderId: order.orderId, amount: 5000 }).expect(200);
    const asAdmin = await shop.t.http
      .get(`/api/v1/payments/${paymentKey}`)
      .set(shop.boss.auth)
      .expect(200);
    // The sandbox's webhook may add our read-back (caller webhook); the confirm's own calls are these.
    expect(
      (asAdmin.body.attempts as { caller: string }[]).filter((a) => a.caller === 'confirm'),
    ).toEqual([
      expect.objectContaining({
        operation: 'confirm',
        caller: 'confirm',
        outcome: 'ok',
        httpStatus: 200,
        idempotencyKey: `confirm:${order.orderId}:${paymentKey}`,
      }),
    ]);
    const asOwner = await shop.t.http
      .get(`/api/v1/payments/${paymentKey}`)
      .set(shop.kim.auth)
      .expect(200);
    expect(asOwner.body).not.toHaveProperty('attempts');
    const lee = await customer(shop.t.http, '이고객');
    expect(
      (await shop.t.http.get(`/api/v1/payments/${paymentKey}`).set(lee.auth).expect(404)).body.code,
    ).toBe('PAYMENT_NOT_FOUND');
  });

  it('validates the body: missing fields, wrong types, unknown fields are 400 VALIDATION_ERROR', async () => {
    for (const body of [
      {},
      { paymentKey: 'x', orderId: 'abcdef', amount: '5000' },
      { paymentKey: 'x', orderId: 'abc', amount: 5000 },
      { paymentKey: 'x', orderId: 'abcdef', amount: 5000, extra: 1 },
      { paymentKey: 'x', orderId: 'abcdef', amount: 1.5 },
    ]) {
      const res = await confirm(body as never).expect(400);
      expect(res.body.code).toBe('VALIDATION_ERROR');
    }
    await shop.t.http
      .post('/api/v1/payments/confirm')
      .send({ paymentKey: 'x', orderId: 'abcdef', amount: 1 })
      .expect(401);
  });

  it('the books match Toss for every order of this file', async () => {
    await expectReportEmpty(shop.t.http, shop.boss.auth);
  });
});
