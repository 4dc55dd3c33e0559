import { startTestApp, TestApp } from '../setup/test-app';
import {
  approved,
  authorize,
  basicAuth,
  confirm,
  newOrderId,
  readBack,
  TEST,
  TOSS,
} from './sandbox-helpers';

const KST = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+09:00$/;

/** Confirm, lookups, methods, statuses and the 10-minute window (docs/toss.md §2.1–2.3, §3). */
describe('Toss sandbox: payments', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());
  afterEach(() => t.http.post(`${TEST}/reset`).expect(200));

  it('authorize gives a tgen_ paymentKey for an IN_PROGRESS payment that Toss lookups show', async () => {
    const payment = await authorize(t.http, { amount: 15000, orderName: '생수 외 1건' });
    expect(payment.paymentKey).toMatch(/^tgen_\d{14}[A-Za-z0-9]+$/);
    const res = await t.http
      .get(`${TOSS}/payments/${payment.paymentKey}`)
      .set(basicAuth())
      .expect(200);
    expect(res.body).toMatchObject({
      version: '2022-11-16',
      paymentKey: payment.paymentKey,
      orderId: payment.orderId,
      orderName: '생수 외 1건',
      status: 'IN_PROGRESS',
      method: '카드',
      totalAmount: 15000,
      balanceAmount: 15000,
      approvedAt: null,
      lastTransactionKey: null,
      currency: 'KRW',
      type: 'NORMAL',
    });
    expect(res.body.requestedAt).toMatch(KST);
  });

  it('confirms a card payment: DONE with the Payment object of docs/toss.md §3', async () => {
    const payment = await authorize(t.http, { amount: 55000, installmentPlanMonths: 3 });
    const res = await confirm(t.http, payment).expect(200);
    const body = res.body;
    expect(body).toMatchObject({
      mId: 'tvivarepublica',
      version: '2022-11-16',
      paymentKey: payment.paymentKey,
      orderId: payment.orderId,
      status: 'DONE',
      method: '카드',
      totalAmount: 55000,
      balanceAmount: 55000,
      suppliedAmount: 50000,
      vat: 5000,
      taxFreeAmount: 0,
      taxExemptionAmount: 0,
      isPartialCancelable: true,
      useEscrow: false,
      cultureExpense: false,
      currency: 'KRW',
      country: 'KR',
      cancels: null,
      failure: null,
      secret: null,
      virtualAccount: null,
      transfer: null,
      mobilePhone: null,
      easyPay: null,
      card: {
        amount: 55000,
        issuerCode: '61',
        installmentPlanMonths: 3,
        approveNo: '00000000',
        cardType: '신용',
        ownerType: '개인',
        acquireStatus: 'READY',
      },
    });
    expect(body.card.number).toMatch(/^\d{8}\*{4}\d{3}\*$/);
    expect(body.approvedAt).toMatch(KST);
    expect(body.requestedAt).toMatch(KST);
    expect(body.lastTransactionKey).toMatch(/^[0-9A-F]{32}$/);
    expect(body.receipt.url).toContain(payment.paymentKey);
    expect(body.checkout.url).toContain(payment.paymentKey);
  });

  it.each([
    ['TRANSFER', '계좌이체', { transfer: { bankCode: '88', settlementStatus: 'INCOMPLETED' } }],
    ['계좌이체', '계좌이체', { transfer: { bankCode: '88' } }],
    [
      'MOBILE_PHONE',
      '휴대폰',
      { mobilePhone: { customerMobilePhone: '01012345678', settlementStatus: 'INCOMPLETED' } },
    ],
    [
      'EASY_PAY',
      '간편결제',
      { easyPay: { provider: '토스페이', amount: 15000, discountAmount: 0 }, card: null },
    ],
    ['간편결제', '간편결제', { easyPay: { provider: '토스페이' } }],
  ])('confirms %s as method %s with its own object', async (method, name, extra) => {
    const payment = await authorize(t.http, { method });
    const res = await confirm(t.http, payment).expect(200);
    expect(res.body).toMatchObject({ status: 'DONE', method: name, ...extra });
  });

  it('takes the easy-pay provider and the transfer bank from authorize', async () => {
    const easy = await authorize(t.http, { method: 'EASY_PAY', easyPayProvider: '네이버페이' });
    expect((await confirm(t.http, easy).expect(200)).body.easyPay.provider).toBe('네이버페이');
    const transfer = await authorize(t.http, { method: 'TRANSFER', bank: '20' });
    expect((await confirm(t.http, transfer).expect(200)).body.transfer.bankCode).toBe('20');
  });

  it('issues a virtual account on confirm: WAITING_FOR_DEPOSIT, X-account, due date, secret; deposit makes it DONE', async () => {
    const payment = await authorize(t.http, {
      method: 'VIRTUAL_ACCOUNT',
      customerName: '김토스',
      bank: '88',
    });
    const res = await confirm(t.http, payment).expect(200);
    expect(res.body).toMatchObject({
      status: 'WAITING_FOR_DEPOSIT',
      method: '가상계좌',
      approvedAt: null,
      card: null,
    });
    expect(res.body.secret).toMatch(/^ps_[A-Za-z0-9]+$/);
    expect(res.body.virtualAccount).toMatchObject({
      accountType: '일반',
      bankCode: '88',
      customerName: '김토스',
      refundStatus: 'NONE',
      expired: false,
      settlementStatus: 'INCOMPLETED',
    });
    expect(res.body.virtualAccount.accountNumber).toMatch(/^X\d{13}$/);
    expect(res.body.virtualAccount.dueDate).toMatch(KST);
    expect(Date.parse(res.body.virtualAccount.dueDate) - Date.now()).toBeGreaterThan(
      6 * 24 * 3600_000,
    );

    const deposit = await t.http
      .post(`${TEST}/deposit`)
      .send({ orderId: payment.orderId })
      .expect(200);
    expect(deposit.body).toMatchObject({ status: 'DONE', secret: res.body.secret });
    expect(deposit.body.approvedAt).toMatch(KST);
    expect(deposit.body.virtualAccount.depositorName).toBe('김토스');
    expect(deposit.body.lastTransactionKey).not.toBe(res.body.lastTransactionKey);
    const again = await t.http.post(`${TEST}/deposit`).send({ paymentKey: payment.paymentKey });
    expect(again.status).toBe(400);
    expect(again.body.code).toBe('INVALID_REQUEST');

    const record = await readBack(t.http, payment.orderId);
    expect(record).toMatchObject({ approvals: 1, deposits: 1, cancels: 0, confirmCalls: 1 });
    expect(record.payment?.status).toBe('DONE');
  });

  describe("requestPayment's options kept from authorize (metadata, taxFreeAmount, validHours / dueDate)", () => {
    const HOUR = 3600_000;
    /** The sandbox clock's now, to the second (as Toss's timestamps are). */
    async function sandboxNow(): Promise<number> {
      return Date.parse((await t.http.get(`${TEST}/clock`).expect(200)).body.now);
    }
    /** yyyy-MM-dd'T'HH:mm:ss in Seoul time, as Toss takes dueDate. */
    function kstLocal(ms: number): string {
      return new Date(ms + 9 * HOUR).toISOString().slice(0, 19);
    }

    it('answers metadata and taxFreeAmount, and dues the account confirm time + validHours on the sandbox clock', async () => {
      // Three days ahead: the due date must follow the sandbox's clock, not the real one.
      await t.http
        .post(`${TEST}/clock`)
        .send({ offsetMs: 72 * HOUR })
        .expect(200);
      const metadata = { campaign: 'spring', cartId: 'c-1' };
      const payment = await authorize(t.http, {
        method: 'VIRTUAL_ACCOUNT',
        amount: 15000,
        metadata,
        taxFreeAmount: 4000,
        validHours: 24,
      });
      const before = await sandboxNow();
      const res = await confirm(t.http, payment).expect(200);
      const after = await sandboxNow();
      expect(res.body).toMatchObject({
        status: 'WAITING_FOR_DEPOSIT',
        metadata,
        totalAmount: 15000,
        taxFreeAmount: 4000,
        vat: 1000, // round((15000 − 4000) / 11)
        suppliedAmount: 10000,
      });
      const due = Date.parse(res.body.virtualAccount.dueDate);
      expect(res.body.virtualAccount.dueDate).toMatch(KST);
      expect(due).toBeGreaterThanOrEqual(before + 24 * HOUR);
      expect(due).toBeLessThanOrEqual(after + 24 * HOUR);

      const byKey = await t.http
        .get(`${TOSS}/payments/${payment.paymentKey}`)
        .set(basicAuth())
        .expect(200);
      expect(byKey.body).toMatchObject({
        metadata,
        taxFreeAmount: 4000,
        vat: 1000,
        virtualAccount: { dueDate: res.body.virtualAccount.dueDate },
      });
      const deposit = await t.http
        .post(`${TEST}/deposit`)
        .send({ orderId: payment.orderId })
        .expect(200);
      expect(deposit.body).toMatchObject({ status: 'DONE', metadata, taxFreeAmount: 4000 });
      expect((await readBack(t.http, payment.orderId)).payment).toMatchObject({
        status: 'DONE',
        metadata,
        taxFreeAmount: 4000,
      });
    });

    it('dues the account at the dueDate given, and keeps the options of a card payment', async () => {
      const dueDate = kstLocal((await sandboxNow()) + 48 * HOUR);
      const account = await approved(t.http, { method: 'VIRTUAL_ACCOUNT', dueDate });
      const view = await t.http
        .get(`${TOSS}/payments/${account.paymentKey}`)
        .set(basicAuth())
        .expect(200);
      expect(view.body.virtualAccount.dueDate).toBe(`${dueDate}+09:00`);
      expect(view.body).toMatchObject({ metadata: null, taxFreeAmount: 0 });

      const card = await authorize(t.http, {
        amount: 11000,
        metadata: { campaign: 'spring' },
        taxFreeAmount: 11000,
      });
      const done = await confirm(t.http, card).expect(200);
      expect(done.body).toMatchObject({
        status: 'DONE',
        metadata: { campaign: 'spring' },
        taxFreeAmount: 11000,
        vat: 0,
        suppliedAmount: 0,
      });
    });

    it.each<[string, Record<string, unknown>]>([
      ['6 metadata pairs', { metadata: { a: '1', b: '2', c: '3', d: '4', e: '5', f: '6' } }],
      ['a taxFreeAmount over the amount', { taxFreeAmount: 15001 }],
      ['validHours 721', { method: 'VIRTUAL_ACCOUNT', validHours: 721 }],
      [
        'validHours and dueDate together',
        { method: 'VIRTUAL_ACCOUNT', validHours: 24, dueDate: '2099-01-01T00:00:00' },
      ],
      ['validHours for a card', { validHours: 24 }],
    ])('refuses %s at authorize with 400 INVALID_REQUEST', async (_what, extra) => {
      const res = await t.http
        .post(`${TEST}/authorize`)
        .send({ orderId: newOrderId(), amount: 15000, ...extra });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('INVALID_REQUEST');
    });
  });

  it('refuses a deposit after the due date', async () => {
    const payment = await approved(t.http, { method: 'VIRTUAL_ACCOUNT' });
    await t.http
      .post(`${TEST}/clock`)
      .send({ offsetMs: 8 * 24 * 3600_000 })
      .expect(200);
    const res = await t.http.post(`${TEST}/deposit`).send({ orderId: payment.orderId });
    expect(res.status).toBe(400);
    expect((await readBack(t.http, payment.orderId)).payment?.status).toBe('WAITING_FOR_DEPOSIT');
  });

  it('issues a virtual account server-side with POST /v1/virtual-accounts', async () => {
    const orderId = newOrderId();
    const res = await t.http
      .post(`${TOSS}/virtual-accounts`)
      .set(basicAuth())
      .send({
        amount: 30000,
        orderId,
        orderName: '상품2 외 2건',
        customerName: '박토스',
        bank: '20',
        validHours: 24,
      })
      .expect(200);
    expect(res.body).toMatchObject({
      status: 'WAITING_FOR_DEPOSIT',
      method: '가상계좌',
      orderId,
      totalAmount: 30000,
    });
    expect(res.body.virtualAccount).toMatchObject({ bankCode: '20', customerName: '박토스' });
    const hours = (Date.parse(res.body.virtualAccount.dueDate) - Date.now()) / 3600_000;
    expect(hours).toBeGreaterThan(23);
    expect(hours).toBeLessThan(25);
    const bad = await t.http.post(`${TOSS}/virtual-accounts`).set(basicAuth()).send({
      amount: 30000,
      orderId: newOrderId(),
      orderName: 'x',
      customerName: 'y',
      bank: '99',
    });
    expect(bad.body).toEqual({ code: 'INVALID_BANK', message: expect.any(String) });
  });

  it('looks a payment up by paymentKey and by orderId (the latest attempt of the order)', async () => {
    const orderId = newOrderId();
    const first = await authorize(t.http, { orderId, outcome: 'REJECT_CARD_PAYMENT' });
    await confirm(t.http, first).expect(403);
    const second = await approved(t.http, { orderId });
    const byKey = await t.http
      .get(`${TOSS}/payments/${first.paymentKey}`)
      .set(basicAuth())
      .expect(200);
    expect(byKey.body).toMatchObject({
      status: 'ABORTED',
      failure: { code: 'REJECT_CARD_PAYMENT' },
    });
    const byOrder = await t.http
      .get(`${TOSS}/payments/orders/${orderId}`)
      .set(basicAuth())
      .expect(200);
    expect(byOrder.body).toMatchObject({ paymentKey: second.paymentKey, status: 'DONE' });

    const missing = await t.http.get(`${TOSS}/payments/tgen_nope`).set(basicAuth());
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ code: 'NOT_FOUND_PAYMENT', message: expect.any(String) });
    const missingOrder = await t.http
      .get(`${TOSS}/payments/orders/${newOrderId()}`)
      .set(basicAuth());
    expect(missingOrder.status).toBe(404);
    expect(missingOrder.body.code).toBe('NOT_FOUND_PAYMENT');
  });

  it('refuses to reuse an orderId that was approved (DUPLICATED_ORDER_ID)', async () => {
    const payment = await approved(t.http);
    const res = await t.http
      .post(`${TEST}/authorize`)
      .send({ orderId: payment.orderId, amount: 1000 });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('DUPLICATED_ORDER_ID');
  });

  it('checks the minimum amounts and installments at authorize', async () => {
    const card = await t.http.post(`${TEST}/authorize`).send({ orderId: newOrderId(), amount: 99 });
    expect(card.body.code).toBe('BELOW_MINIMUM_AMOUNT');
    const account = await t.http
      .post(`${TEST}/authorize`)
      .send({ orderId: newOrderId(), amount: 150, method: 'VIRTUAL_ACCOUNT' });
    expect(account.body.code).toBe('BELOW_MINIMUM_AMOUNT');
    await t.http.post(`${TEST}/authorize`).send({ orderId: newOrderId(), amount: 100 }).expect(200);
    const installments = await t.http
      .post(`${TEST}/authorize`)
      .send({ orderId: newOrderId(), amount: 10000, installmentPlanMonths: 2 });
    expect(installments.status).toBe(400);
    const method = await t.http
      .post(`${TEST}/authorize`)
      .send({ orderId: newOrderId(), amount: 1000, method: 'BITCOIN' });
    expect(method.body.code).toBe('INVALID_REQUEST');
  });

  describe('confirm errors', () => {
    it('404 NOT_FOUND_PAYMENT_SESSION for a paymentKey Toss never issued', async () => {
      const res = await confirm(t.http, {
        paymentKey: 'tgen_20240101000000never',
        orderId: newOrderId(),
        amount: 1000,
      });
      expect(res.status).toBe(404);
      expect(res.body).toEqual({ code: 'NOT_FOUND_PAYMENT_SESSION', message: expect.any(String) });
    });

    it('403 FORBIDDEN_REQUEST when the orderId is not the one the payment was made for', async () => {
      const payment = await authorize(t.http);
      const res = await confirm(t.http, { ...payment, orderId: newOrderId() });
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('FORBIDDEN_REQUEST');
      await confirm(t.http, payment).expect(200);
    });

    it('400 INVALID_REQUEST when the amount differs from the authenticated amount; nothing is approved', async () => {
      const payment = await authorize(t.http, { amount: 15000 });
      const res = await confirm(t.http, { ...payment, amount: 1500 });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('INVALID_REQUEST');
      expect(res.body.message).toContain('amount');
      expect((await readBack(t.http, payment.orderId)).approvals).toBe(0);
      await confirm(t.http, payment).expect(200);
    });

    it('400 ALREADY_PROCESSED_PAYMENT on a second confirm', async () => {
      const payment = await approved(t.http);
      const res = await confirm(t.http, payment);
      expect(res.status).toBe(400);
      expect(res.body).toEqual({
        code: 'ALREADY_PROCESSED_PAYMENT',
        message: '이미 처리된 결제 입니다.',
      });
      const record = await readBack(t.http, payment.orderId);
      expect(record).toMatchObject({ approvals: 1, confirmCalls: 2 });
    });

    it('declines with the outcome chosen at authorize: ABORTED with failure, Toss status kept', async () => {
      const payment = await authorize(t.http, { outcome: 'INVALID_CARD_EXPIRATION' });
      const res = await confirm(t.http, payment);
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('INVALID_CARD_EXPIRATION');
      const record = await readBack(t.http, payment.orderId);
      expect(record.payment).toMatchObject({
        status: 'ABORTED',
        failure: { code: 'INVALID_CARD_EXPIRATION', message: res.body.message },
      });
      expect(record.approvals).toBe(0);
      // An aborted session cannot be confirmed again.
      expect((await confirm(t.http, payment)).body.code).toBe('NOT_FOUND_PAYMENT_SESSION');
    });
  });

  describe('the 10-minute confirm window', () => {
    it('expires a payment confirmed more than 10 minutes after authentication (controllable clock)', async () => {
      const payment = await authorize(t.http);
      const clock = await t.http
        .post(`${TEST}/clock`)
        .send({ offsetMs: 10 * 60_000 + 5_000 })
        .expect(200);
      expect(clock.body.offsetMs).toBe(605_000);
      const res = await confirm(t.http, payment);
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('NOT_FOUND_PAYMENT_SESSION');
      const record = await readBack(t.http, payment.orderId);
      expect(record.payment).toMatchObject({
        status: 'EXPIRED',
        failure: { code: 'EXPIRED_PAYMENT' },
      });
      expect(record.approvals).toBe(0);
    });

    it('still confirms just inside the window', async () => {
      const payment = await authorize(t.http);
      await t.http
        .post(`${TEST}/clock`)
        .send({ offsetMs: 9 * 60_000 + 50_000 })
        .expect(200);
      await confirm(t.http, payment).expect(200);
    });

    it('takes authenticatedAt at authorize, and GET shows the payment EXPIRED once the window passed', async () => {
      const payment = await authorize(t.http, {
        authenticatedAt: new Date(Date.now() - 11 * 60_000).toISOString(),
      });
      const res = await t.http
        .get(`${TOSS}/payments/${payment.paymentKey}`)
        .set(basicAuth())
        .expect(200);
      expect(res.body.status).toBe('EXPIRED');
      expect((await confirm(t.http, payment)).body.code).toBe('NOT_FOUND_PAYMENT_SESSION');
    });

    it('reads, sets and resets the clock', async () => {
      const set = await t.http
        .post(`${TEST}/clock`)
        .send({ now: '2030-01-01T00:00:00Z' })
        .expect(200);
      expect(set.body.now).toMatch(/^2030-01-01T0\d:\d{2}:\d{2}\+09:00$/);
      const payment = await authorize(t.http);
      const view = await t.http
        .get(`${TOSS}/payments/${payment.paymentKey}`)
        .set(basicAuth())
        .expect(200);
      expect(view.body.requestedAt.startsWith('2030-01-01')).toBe(true);
      const reset = await t.http.delete(`${TEST}/clock`).expect(200);
      expect(reset.body.offsetMs).toBe(0);
      expect((await t.http.get(`${TEST}/clock`).expect(200)).body.offsetMs).toBe(0);
      expect((await t.http.post(`${TEST}/clock`).send({ offsetMs: 'soon' })).status).toBe(400);
    });
  });

  it('approves exactly once when many confirms of one payment race (row lock)', async () => {
    const payment = await authorize(t.http);
    const results = await Promise.all(Array.from({ length: 10 }, () => confirm(t.http, payment)));
    const statuses = results.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(
      results
        .filter((r) => r.status === 400)
        .every((r) => r.body.code === 'ALREADY_PROCESSED_PAYMENT'),
    ).toBe(true);
    const record = await readBack(t.http, payment.orderId);
    expect(record).toMatchObject({ approvals: 1, confirmCalls: 10 });
  });

  it('reads back by paymentKey too, and counts calls for orders it never saw', async () => {
    const payment = await approved(t.http);
    const byKey = await t.http
      .get(`${TEST}/payments`)
      .query({ paymentKey: payment.paymentKey })
      .expect(200);
    expect(byKey.body).toMatchObject({ orderId: payment.orderId, approvals: 1 });
    expect(byKey.body.payments).toHaveLength(1);
    const unknown = newOrderId();
    await confirm(t.http, { paymentKey: 'tgen_unknown', orderId: unknown, amount: 100 }).expect(
      404,
    );
    expect(await readBack(t.http, unknown)).toMatchObject({
      payments: [],
      payment: null,
      confirmCalls: 1,
      approvals: 0,
    });
    expect((await t.http.get(`${TEST}/payments`)).status).toBe(400);
  });
});
