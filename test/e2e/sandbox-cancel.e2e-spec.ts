import { startTestApp, TestApp } from '../setup/test-app';
import {
  approved,
  authorize,
  basicAuth,
  billingKeyFor,
  cancel,
  chargeBillingKey,
  newOrderId,
  readBack,
  TEST,
  TOSS,
} from './sandbox-helpers';

const ACCOUNT = { bank: '88', accountNumber: '11012345678', holderName: '홍길동' };

/** Cancels, full and partial, and the virtual-account refund rules (docs/toss.md §2.4, §6.2). */
describe('Toss sandbox: cancel', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('cancels in full: CANCELED, balance 0, one cancel with its transactionKey', async () => {
    const payment = await approved(t.http, { amount: 15000 });
    const res = await cancel(t.http, payment.paymentKey, { cancelReason: '고객 변심' }).expect(200);
    expect(res.body).toMatchObject({
      status: 'CANCELED',
      totalAmount: 15000,
      balanceAmount: 0,
      suppliedAmount: 0,
      vat: 0,
    });
    expect(res.body.card.acquireStatus).toBe('CANCELED');
    expect(res.body.cancels).toHaveLength(1);
    expect(res.body.cancels[0]).toMatchObject({
      cancelAmount: 15000,
      cancelReason: '고객 변심',
      refundableAmount: 0,
      cancelStatus: 'DONE',
      taxFreeAmount: 0,
    });
    expect(res.body.cancels[0].transactionKey).toMatch(/^[0-9A-F]{32}$/);
    expect(res.body.cancels[0].canceledAt).toMatch(/\+09:00$/);
    expect(res.body.lastTransactionKey).toBe(res.body.cancels[0].transactionKey);

    const again = await cancel(t.http, payment.paymentKey, { cancelReason: '또' });
    expect(again.status).toBe(400);
    expect(again.body).toEqual({ code: 'ALREADY_CANCELED_PAYMENT', message: expect.any(String) });
    expect(await readBack(t.http, payment.orderId)).toMatchObject({ cancels: 1, cancelCalls: 2 });
  });

  it('cancels in parts: PARTIAL_CANCELED with a shrinking balance, then CANCELED at zero', async () => {
    const payment = await approved(t.http, { amount: 30000 });
    const first = await cancel(t.http, payment.paymentKey, {
      cancelReason: '부분 1',
      cancelAmount: 5000,
    }).expect(200);
    expect(first.body).toMatchObject({
      status: 'PARTIAL_CANCELED',
      balanceAmount: 25000,
      totalAmount: 30000,
    });
    expect(first.body.cancels.map((c: { cancelAmount: number }) => c.cancelAmount)).toEqual([5000]);

    const tooMuch = await cancel(t.http, payment.paymentKey, {
      cancelReason: 'x',
      cancelAmount: 25001,
    });
    expect(tooMuch.status).toBe(403);
    expect(tooMuch.body.code).toBe('NOT_CANCELABLE_AMOUNT');

    const stale = await cancel(t.http, payment.paymentKey, {
      cancelReason: 'x',
      cancelAmount: 1000,
      refundableAmount: 30000,
    });
    expect(stale.status).toBe(400);
    expect(stale.body.code).toBe('NOT_MATCHES_REFUNDABLE_AMOUNT');

    const second = await cancel(t.http, payment.paymentKey, {
      cancelReason: '부분 2',
      cancelAmount: 10000,
      refundableAmount: 25000,
    }).expect(200);
    expect(second.body).toMatchObject({ status: 'PARTIAL_CANCELED', balanceAmount: 15000 });
    expect(second.body.cancels).toHaveLength(2);
    expect(second.body.cancels[1]).toMatchObject({
      cancelAmount: 10000,
      refundableAmount: 15000,
      cancelReason: '부분 2',
    });
    expect(second.body.cancels[0].transactionKey).not.toBe(second.body.cancels[1].transactionKey);

    const rest = await cancel(t.http, payment.paymentKey, { cancelReason: '나머지' }).expect(200);
    expect(rest.body).toMatchObject({ status: 'CANCELED', balanceAmount: 0 });
    expect(rest.body.cancels.map((c: { cancelAmount: number }) => c.cancelAmount)).toEqual([
      5000, 10000, 15000,
    ]);

    const view = await t.http
      .get(`${TOSS}/payments/${payment.paymentKey}`)
      .set(basicAuth())
      .expect(200);
    expect(view.body.cancels).toHaveLength(3);
    expect((await readBack(t.http, payment.orderId)).cancels).toBe(3);
  });

  it('refuses to cancel what was never approved, and unknown payments', async () => {
    const payment = await authorize(t.http);
    const res = await cancel(t.http, payment.paymentKey, { cancelReason: 'x' });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('NOT_CANCELABLE_PAYMENT');
    const missing = await cancel(t.http, 'tgen_missing', { cancelReason: 'x' });
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('NOT_FOUND_PAYMENT');
  });

  it('requires a cancelReason and a positive integer cancelAmount', async () => {
    const payment = await approved(t.http);
    for (const body of [
      {},
      { cancelReason: '' },
      { cancelReason: 'x', cancelAmount: 0 },
      { cancelReason: 'x', cancelAmount: 10.5 },
      { cancelReason: 'x'.repeat(201) },
    ]) {
      const res = await cancel(t.http, payment.paymentKey, body);
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('INVALID_REQUEST');
    }
    expect((await readBack(t.http, payment.orderId)).cancels).toBe(0);
  });

  it('refuses a refund account for a card payment', async () => {
    const payment = await approved(t.http);
    const res = await cancel(t.http, payment.paymentKey, {
      cancelReason: 'x',
      refundReceiveAccount: ACCOUNT,
    });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('INVALID_REQUEST');
    expect(res.body.message).toContain('refundReceiveAccount');
  });

  describe('virtual accounts', () => {
    it('unpaid: full cancel only, without a refund account; CANCELED', async () => {
      const payment = await approved(t.http, { method: 'VIRTUAL_ACCOUNT', amount: 20000 });
      const partial = await cancel(t.http, payment.paymentKey, {
        cancelReason: 'x',
        cancelAmount: 5000,
      });
      expect(partial.status).toBe(403);
      expect(partial.body.code).toBe('NOT_ALLOWED_PARTIAL_REFUND_WAITING_DEPOSIT');
      const withAccount = await cancel(t.http, payment.paymentKey, {
        cancelReason: 'x',
        refundReceiveAccount: ACCOUNT,
      });
      expect(withAccount.status).toBe(400);
      expect(withAccount.body.code).toBe('INVALID_REQUEST');

      const res = await cancel(t.http, payment.paymentKey, { cancelReason: '주문 취소' }).expect(
        200,
      );
      expect(res.body).toMatchObject({ status: 'CANCELED', balanceAmount: 0 });
      expect(res.body.virtualAccount.refundStatus).toBe('NONE');
      const deposit = await t.http.post(`${TEST}/deposit`).send({ orderId: payment.orderId });
      expect(deposit.status).toBe(400);
    });

    it('paid: the refund account is required, validated, and partial cancels work', async () => {
      const payment = await approved(t.http, { method: 'VIRTUAL_ACCOUNT', amount: 20000 });
      await t.http.post(`${TEST}/deposit`).send({ orderId: payment.orderId }).expect(200);

      const missing = await cancel(t.http, payment.paymentKey, { cancelReason: 'x' });
      expect(missing.status).toBe(400);
      expect(missing.body.code).toBe('INVALID_REQUEST');
      expect(missing.body.message).toContain('refundReceiveAccount');

      const badBank = await cancel(t.http, payment.paymentKey, {
        cancelReason: 'x',
        refundReceiveAccount: { ...ACCOUNT, bank: '신한' },
      });
      expect(badBank.body.code).toBe('INVALID_BANK');
      const badNumber = await cancel(t.http, payment.paymentKey, {
        cancelReason: 'x',
        refundReceiveAccount: { ...ACCOUNT, accountNumber: '110-123-45678' },
      });
      expect(badNumber.body.code).toBe('INVALID_REFUND_ACCOUNT_NUMBER');
      const badHolder = await cancel(t.http, payment.paymentKey, {
        cancelReason: 'x',
        refundReceiveAccount: { ...ACCOUNT, holderName: '' },
      });
      expect(badHolder.body.code).toBe('INVALID_REFUND_ACCOUNT_INFO');

      const partial = await cancel(t.http, payment.paymentKey, {
        cancelReason: '부분 환불',
        cancelAmount: 5000,
        refundReceiveAccount: ACCOUNT,
      }).expect(200);
      expect(partial.body).toMatchObject({ status: 'PARTIAL_CANCELED', balanceAmount: 15000 });
      expect(partial.body.virtualAccount.refundStatus).toBe('PENDING');
      const rest = await cancel(t.http, payment.paymentKey, {
        cancelReason: '나머지',
        refundReceiveAccount: ACCOUNT,
      }).expect(200);
      expect(rest.body).toMatchObject({ status: 'CANCELED', balanceAmount: 0 });
    });
  });

  it('serialises concurrent partial cancels on the row lock: the balance never goes below zero', async () => {
    const payment = await approved(t.http, { amount: 10000 });
    const results = await Promise.all(
      Array.from({ length: 6 }, () =>
        cancel(t.http, payment.paymentKey, { cancelReason: '동시', cancelAmount: 3000 }),
      ),
    );
    expect(results.filter((r) => r.status === 200)).toHaveLength(3);
    expect(
      results.filter((r) => r.status === 403).every((r) => r.body.code === 'NOT_CANCELABLE_AMOUNT'),
    ).toBe(true);
    const record = await readBack(t.http, payment.orderId);
    expect(record.payment).toMatchObject({ balanceAmount: 1000, status: 'PARTIAL_CANCELED' });
    expect(record.cancels).toBe(3);
  });

  describe('tax-free parts (면세)', () => {
    it('cancels a tax-free part from the tax-free balance: taxFreeAmount, vat and suppliedAmount follow', async () => {
      // 10000 of which 3000 tax-free: vat round(7000 / 11) = 636, supplied 6364.
      const payment = await approved(t.http, { amount: 10000, taxFreeAmount: 3000 });
      const first = await cancel(t.http, payment.paymentKey, {
        cancelReason: '면세 상품 반품',
        cancelAmount: 2000,
        taxFreeAmount: 2000,
      }).expect(200);
      expect(first.body).toMatchObject({
        balanceAmount: 8000,
        taxFreeAmount: 1000,
        vat: 636,
        suppliedAmount: 6364,
      });
      expect(first.body.cancels[0]).toMatchObject({
        cancelAmount: 2000,
        taxFreeAmount: 2000,
        taxExemptionAmount: 0,
      });

      const mixed = await cancel(t.http, payment.paymentKey, {
        cancelReason: '일부',
        cancelAmount: 3200,
        taxFreeAmount: 500,
      }).expect(200);
      // 4800 left, 500 tax-free: vat round(4300 / 11) = 391, supplied 3909.
      expect(mixed.body).toMatchObject({
        balanceAmount: 4800,
        taxFreeAmount: 500,
        vat: 391,
        suppliedAmount: 3909,
      });

      // No cancelAmount: everything left, with all the tax-free part left.
      const rest = await cancel(t.http, payment.paymentKey, { cancelReason: '전액' }).expect(200);
      expect(rest.body).toMatchObject({
        status: 'CANCELED',
        balanceAmount: 0,
        taxFreeAmount: 0,
        vat: 0,
        suppliedAmount: 0,
      });
      expect(rest.body.cancels.map((c: { taxFreeAmount: number }) => c.taxFreeAmount)).toEqual([
        2000, 500, 500,
      ]);
    });

    it('refuses a tax-free part above the tax-free balance, or a taxable part above the taxable balance', async () => {
      const payment = await approved(t.http, { amount: 10000, taxFreeAmount: 3000 });
      const cases: [Record<string, unknown>, number, string][] = [
        [{ cancelAmount: 4000, taxFreeAmount: 3001 }, 403, 'NOT_CANCELABLE_AMOUNT'],
        [{ cancelAmount: 8000 }, 403, 'NOT_CANCELABLE_AMOUNT'],
        [{ cancelAmount: 10000, taxFreeAmount: 0 }, 403, 'NOT_CANCELABLE_AMOUNT'],
        [{ cancelAmount: 1000, taxFreeAmount: 1001 }, 400, 'INVALID_REQUEST'],
        [{ cancelAmount: 1000, taxFreeAmount: -1 }, 400, 'INVALID_REQUEST'],
      ];
      for (const [body, status, code] of cases) {
        const res = await cancel(t.http, payment.paymentKey, { cancelReason: 'x', ...body });
        expect({ body, status: res.status, code: res.body.code }).toEqual({ body, status, code });
      }
      expect(await readBack(t.http, payment.orderId)).toMatchObject({ cancels: 0 });

      // Once the tax-free part is cancelled, any further tax-free part is above its balance.
      await cancel(t.http, payment.paymentKey, {
        cancelReason: '면세',
        cancelAmount: 3000,
        taxFreeAmount: 3000,
      }).expect(200);
      const more = await cancel(t.http, payment.paymentKey, {
        cancelReason: 'x',
        cancelAmount: 100,
        taxFreeAmount: 1,
      });
      expect(more.status).toBe(403);
      expect(more.body.code).toBe('NOT_CANCELABLE_AMOUNT');
      const taxable = await cancel(t.http, payment.paymentKey, { cancelReason: '나머지' }).expect(
        200,
      );
      expect(taxable.body).toMatchObject({ status: 'CANCELED', taxFreeAmount: 0, vat: 0 });
      expect(taxable.body.cancels[1]).toMatchObject({ cancelAmount: 7000, taxFreeAmount: 0 });
    });

    it('replays a tax-free cancel for its Idempotency-Key, taking the part once', async () => {
      const payment = await approved(t.http, { amount: 10000, taxFreeAmount: 3000 });
      const key = { 'Idempotency-Key': `cancel-${payment.orderId}` };
      const body = { cancelReason: '면세', cancelAmount: 1000, taxFreeAmount: 1000 };
      const first = await cancel(t.http, payment.paymentKey, body, key).expect(200);
      const again = await cancel(t.http, payment.paymentKey, body, key).expect(200);
      expect(again.body).toEqual(first.body);
      const view = await t.http
        .get(`${TOSS}/payments/${payment.paymentKey}`)
        .set(basicAuth())
        .expect(200);
      expect(view.body).toMatchObject({ balanceAmount: 9000, taxFreeAmount: 2000 });
      expect(view.body.cancels).toHaveLength(1);
    });

    it("follows the same rules for a billing charge's tax-free part", async () => {
      const key = await billingKeyFor(t.http);
      const orderId = newOrderId();
      const charged = await chargeBillingKey(t.http, key.billingKey, {
        customerKey: key.customerKey,
        amount: 9900,
        orderId,
        orderName: '면세 구독',
        taxFreeAmount: 9900,
      }).expect(200);
      expect(charged.body).toMatchObject({ taxFreeAmount: 9900, vat: 0, suppliedAmount: 0 });
      const paymentKey = charged.body.paymentKey as string;
      const taxable = await cancel(t.http, paymentKey, { cancelReason: 'x', cancelAmount: 100 });
      expect(taxable.status).toBe(403);
      expect(taxable.body.code).toBe('NOT_CANCELABLE_AMOUNT');
      const part = await cancel(t.http, paymentKey, {
        cancelReason: '부분',
        cancelAmount: 900,
        taxFreeAmount: 900,
      }).expect(200);
      expect(part.body).toMatchObject({ balanceAmount: 9000, taxFreeAmount: 9000, vat: 0 });
      const rest = await cancel(t.http, paymentKey, { cancelReason: '해지' }).expect(200);
      expect(rest.body.cancels[1]).toMatchObject({ cancelAmount: 9000, taxFreeAmount: 9000 });
    });
  });
});
