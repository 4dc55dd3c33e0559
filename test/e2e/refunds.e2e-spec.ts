import { clearFaults, injectFault, tossRecord } from '../factories/sandbox.factory';
import { ReconcilerService } from '../../src/payments/reconciler.service';
import { expectBooksMatch, expectReportEmpty } from '../support/books';
import { eventually } from '../support/poll';
import { paidOrder, useShop } from '../factories/checkout.factory';

const ACCOUNT = { bank: '88', accountNumber: '11012345678', holderName: '김고객' };

/** Refunds against the built-in sandbox over HTTP: bounded, idempotent, settled by lookup. */
describe('POST /api/v1/payments/:paymentKey/cancel', () => {
  const shop = useShop({
    RECONCILE_INTERVAL_MS: '0',
    RECONCILE_AFTER_MS: '0',
    TOSS_CONFIRM_TIMEOUT_MS: '1500',
    TOSS_CONFIRM_RETRIES: '1',
  });
  afterEach(() => clearFaults(shop.t.http));

  /** A paid order: 상품3 (15,000원) unless said otherwise. */
  const paid = (method = 'CARD', name = '상품3') =>
    paidOrder(shop.t.http, shop.kim, shop.products[name], method);

  const refund = (paymentKey: string, body: object, key?: string) => {
    const req = shop.t.http.post(`/api/v1/payments/${paymentKey}/cancel`).set(shop.boss.auth);
    return (key ? req.set('Idempotency-Key', key) : req).send(body);
  };
  const orderOf = async (orderId: string) =>
    (await shop.t.http.get(`/api/v1/orders/${orderId}`).set(shop.boss.auth).expect(200)).body;

  it('a partial then a full refund, with balances and cancels', async () => {
    const p = await paid();
    const first = await refund(p.paymentKey, {
      cancelReason: '부분 환불',
      cancelAmount: 5000,
    }).expect(200);
    expect(first.body).toMatchObject({
      status: 'PARTIAL_CANCELED',
      totalAmount: 15000,
      balanceAmount: 10000,
    });
    expect(first.body.cancels).toEqual([
      expect.objectContaining({
        cancelAmount: 5000,
        cancelReason: '부분 환불',
        transactionKey: expect.any(String),
      }),
    ]);
    expect((await orderOf(p.orderId)).status).toBe('PARTIALLY_REFUNDED');
    await expectBooksMatch(shop.t.http, shop.boss.auth, p.orderId);

    const rest = await refund(p.paymentKey, { cancelReason: '전액 환불' }).expect(200);
    expect(rest.body).toMatchObject({ status: 'CANCELED', balanceAmount: 0 });
    expect(rest.body.cancels.map((c: { cancelAmount: number }) => c.cancelAmount)).toEqual([
      5000, 10000,
    ]);
    expect((await orderOf(p.orderId)).status).toBe('REFUNDED');
    expect((await tossRecord(shop.t.http, p.orderId)).cancels).toBe(2);
    await expectBooksMatch(shop.t.http, shop.boss.auth, p.orderId);

    const nothingLeft = await refund(p.paymentKey, { cancelReason: '또' }).expect(409);
    expect(nothingLeft.body.code).toBe('NOT_CANCELABLE');
  });

  it('refuses more than the balance before Toss is called', async () => {
    const p = await paid();
    const res = await refund(p.paymentKey, { cancelReason: '과다', cancelAmount: 15001 }).expect(
      400,
    );
    expect(res.body).toMatchObject({
      code: 'CANCEL_AMOUNT_EXCEEDED',
      details: { refundableAmount: 15000 },
    });
    expect((await tossRecord(shop.t.http, p.orderId)).cancelCalls).toBe(0);
    await expectBooksMatch(shop.t.http, shop.boss.auth, p.orderId);
  });

  it('two refunds at once that together exceed the balance: one goes through, Toss refunds once', async () => {
    const p = await paid();
    await injectFault(shop.t.http, {
      kind: 'LATENCY',
      operation: 'cancel',
      paymentKey: p.paymentKey,
      latencyMs: 300,
    });
    const [a, b] = await Promise.all([
      refund(p.paymentKey, { cancelReason: 'A', cancelAmount: 9000 }),
      refund(p.paymentKey, { cancelReason: 'B', cancelAmount: 9000 }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 400]);
    expect([a, b].find((r) => r.status === 400)!.body.code).toBe('CANCEL_AMOUNT_EXCEEDED');
    expect((await tossRecord(shop.t.http, p.orderId)).cancels).toBe(1);
    await expectBooksMatch(shop.t.http, shop.boss.auth, p.orderId);
  });

  it('a refund whose answer never came is retried with the same key: one refund at Toss', async () => {
    const p = await paid();
    await injectFault(shop.t.http, {
      kind: 'APPROVE_THEN_HANG',
      operation: 'cancel',
      paymentKey: p.paymentKey,
      remaining: 1,
    });
    const res = await refund(
      p.paymentKey,
      { cancelReason: '시간 초과', cancelAmount: 3000 },
      'refund-timeout-1',
    ).expect(200);
    expect(res.body).toMatchObject({ balanceAmount: 12000 });
    // The client retries too, with its Idempotency-Key: the same answer, no new refund.
    const again = await refund(
      p.paymentKey,
      { cancelReason: '시간 초과', cancelAmount: 3000 },
      'refund-timeout-1',
    ).expect(200);
    expect(again.body.balanceAmount).toBe(12000);
    const record = await tossRecord(shop.t.http, p.orderId);
    expect(record.cancels).toBe(1);
    expect(record.payment?.balanceAmount).toBe(12000);
    await expectBooksMatch(shop.t.http, shop.boss.auth, p.orderId);
  });

  it('a refund Toss could not be asked about is left for the reconciler, which finishes it once', async () => {
    const p = await paid();
    await injectFault(shop.t.http, { kind: 'RESET', paymentKey: p.paymentKey });
    const res = await refund(p.paymentKey, {
      cancelReason: '연결 끊김',
      cancelAmount: 4000,
    }).expect(502);
    expect(res.body.code).toBe('PAYMENT_OUTCOME_UNKNOWN');
    // While it is unsettled, its amount is not refundable again.
    const over = await refund(p.paymentKey, { cancelReason: '추가', cancelAmount: 11001 }).expect(
      400,
    );
    expect(over.body.code).toBe('CANCEL_AMOUNT_EXCEEDED');
    await clearFaults(shop.t.http);
    const reconciler = shop.t.app.get(ReconcilerService);
    await eventually(
      async () => {
        await reconciler.runOnce({ olderThanMs: 0 });
        return (await orderOf(p.orderId)).status as string;
      },
      (status) => status === 'PARTIALLY_REFUNDED',
      { timeoutMs: 20_000, intervalMs: 200 },
    );
    const record = await tossRecord(shop.t.http, p.orderId);
    expect(record.cancels).toBe(1);
    expect(record.payment?.balanceAmount).toBe(11000);
    await expectBooksMatch(shop.t.http, shop.boss.auth, p.orderId);
  });

  it('one Idempotency-Key cannot be reused for a different refund', async () => {
    const p = await paid();
    await refund(p.paymentKey, { cancelReason: '첫 번째', cancelAmount: 1000 }, 'same-key').expect(
      200,
    );
    const res = await refund(
      p.paymentKey,
      { cancelReason: '두 번째', cancelAmount: 2000 },
      'same-key',
    ).expect(409);
    expect(res.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
    await refund(
      p.paymentKey,
      { cancelReason: '첫 번째', cancelAmount: 1000 },
      'bad key with spaces',
    ).expect(400);
    expect((await tossRecord(shop.t.http, p.orderId)).cancels).toBe(1);
  });

  it("answers Toss's refusal with its code (our 409, not Toss's 403) and leaves the books as they were", async () => {
    const p = await paid();
    await injectFault(shop.t.http, {
      kind: 'DECLINE',
      operation: 'cancel',
      paymentKey: p.paymentKey,
      code: 'NOT_CANCELABLE_PAYMENT',
      httpStatus: 403,
      message: '취소 할 수 없는 결제 입니다.',
    });
    const res = await refund(p.paymentKey, { cancelReason: '거절', cancelAmount: 1000 }).expect(
      409,
    );
    expect(res.body).toMatchObject({
      code: 'NOT_CANCELABLE_PAYMENT',
      message: '취소 할 수 없는 결제 입니다.',
    });
    expect((await orderOf(p.orderId)).status).toBe('PAID');
    // The refused amount is refundable again.
    await clearFaults(shop.t.http);
    await refund(p.paymentKey, { cancelReason: '다시', cancelAmount: 15000 }).expect(200);
    await expectBooksMatch(shop.t.http, shop.boss.auth, p.orderId);
  });

  it('a card refund refuses a refund account; only admins refund; unknown payments are 404', async () => {
    const p = await paid();
    expect(
      (
        await refund(p.paymentKey, { cancelReason: '계좌', refundReceiveAccount: ACCOUNT }).expect(
          400,
        )
      ).body.code,
    ).toBe('VALIDATION_ERROR');
    await shop.t.http
      .post(`/api/v1/payments/${p.paymentKey}/cancel`)
      .set(shop.kim.auth)
      .send({ cancelReason: '고객' })
      .expect(403);
    expect(
      (await refund('tgen_no_such_payment', { cancelReason: 'x' }).expect(404)).body.code,
    ).toBe('PAYMENT_NOT_FOUND');
    for (const body of [
      {},
      { cancelReason: '' },
      { cancelReason: 'x'.repeat(201) },
      { cancelReason: 'x', cancelAmount: 0 },
      { cancelReason: 'x', cancelAmount: '1000' },
      { cancelReason: 'x', extra: 1 },
    ]) {
      expect((await refund(p.paymentKey, body).expect(400)).body.code).toBe('VALIDATION_ERROR');
    }
  });

  describe('virtual accounts', () => {
    async function deposited(): Promise<{ orderId: string; paymentKey: string }> {
      const p = await paid('VIRTUAL_ACCOUNT', '상품2');
      expect((await orderOf(p.orderId)).status).toBe('WAITING_FOR_DEPOSIT');
      await shop.t.http.post('/sandbox/toss/test/deposit').send({ orderId: p.orderId }).expect(200);
      // The deposit reaches us by the sandbox's webhook.
      await eventually(
        () => orderOf(p.orderId),
        (o) => o.status === 'PAID',
        { timeoutMs: 20_000 },
      );
      return p;
    }

    it('a paid account needs a refund account, and is refunded to it', async () => {
      const p = await deposited();
      expect((await refund(p.paymentKey, { cancelReason: '환불' }).expect(400)).body.code).toBe(
        'REFUND_ACCOUNT_REQUIRED',
      );
      const res = await refund(p.paymentKey, {
        cancelReason: '환불',
        refundReceiveAccount: ACCOUNT,
      }).expect(200);
      expect(res.body).toMatchObject({ status: 'CANCELED', balanceAmount: 0 });
      expect((await orderOf(p.orderId)).status).toBe('REFUNDED');
      await expectBooksMatch(shop.t.http, shop.boss.auth, p.orderId);
    });

    it('an unpaid account cancels only in full; canceling its order cancels it at Toss first', async () => {
      const p = await paid('VIRTUAL_ACCOUNT', '상품1');
      expect(
        (await refund(p.paymentKey, { cancelReason: '부분', cancelAmount: 1000 }).expect(409)).body
          .code,
      ).toBe('NOT_CANCELABLE');
      const canceled = await shop.t.http
        .post(`/api/v1/orders/${p.orderId}/cancel`)
        .set(shop.kim.auth)
        .expect(200);
      expect(canceled.body.status).toBe('CANCELED');
      expect((await tossRecord(shop.t.http, p.orderId)).payment?.status).toBe('CANCELED');
      // Canceling again is refused, and Toss is not asked twice.
      expect(
        (
          await shop.t.http
            .post(`/api/v1/orders/${p.orderId}/cancel`)
            .set(shop.kim.auth)
            .expect(409)
        ).body.code,
      ).toBe('ORDER_NOT_CANCELABLE');
      expect((await tossRecord(shop.t.http, p.orderId)).cancels).toBe(1);
      await expectBooksMatch(shop.t.http, shop.boss.auth, p.orderId);
    });
  });

  it('the books match Toss for every order of this file', async () => {
    await expectReportEmpty(shop.t.http, shop.boss.auth);
  });
});
