import { startTestApp, TestApp } from '../setup/test-app';
import {
  addFault,
  approved,
  authorize,
  basicAuth,
  cancel,
  confirm,
  eventually,
  readBack,
  TEST,
  TOSS,
} from './sandbox-helpers';

/** Idempotency-Key as Toss documents it (docs/toss.md §5). */
describe('Toss sandbox: Idempotency-Key', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());
  afterEach(() => t.http.post(`${TEST}/reset`).expect(200));

  it('replays the first answer for a repeated key without running again', async () => {
    const payment = await authorize(t.http);
    const first = await confirm(t.http, payment, {
      'Idempotency-Key': `confirm-${payment.orderId}`,
    }).expect(200);
    const again = await confirm(t.http, payment, {
      'Idempotency-Key': `confirm-${payment.orderId}`,
    });
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    // Without the key the same confirm is a second request: Toss says it was already processed.
    expect((await confirm(t.http, payment)).body.code).toBe('ALREADY_PROCESSED_PAYMENT');
    expect(await readBack(t.http, payment.orderId)).toMatchObject({
      approvals: 1,
      confirmCalls: 3,
    });
  });

  it('does not look at the body: one key reused for another payment returns the first payment', async () => {
    const a = await authorize(t.http);
    const b = await authorize(t.http);
    const first = await confirm(t.http, a, { 'Idempotency-Key': 'one-key-for-everything' }).expect(
      200,
    );
    const second = await confirm(t.http, b, { 'Idempotency-Key': 'one-key-for-everything' }).expect(
      200,
    );
    expect(second.body.paymentKey).toBe(a.paymentKey);
    expect(second.body).toEqual(first.body);
    expect((await readBack(t.http, b.orderId)).payment?.status).toBe('IN_PROGRESS');
  });

  it('scopes the key by secret key and by path', async () => {
    const payment = await authorize(t.http);
    await confirm(t.http, payment, { 'Idempotency-Key': 'shared-key' }).expect(200);
    // Another secret key: not the same request, so it runs (and finds the payment processed).
    const otherKey = await t.http
      .post(`${TOSS}/payments/confirm`)
      .set({ ...basicAuth('test_sk_another_merchant'), 'Idempotency-Key': 'shared-key' })
      .send({ paymentKey: payment.paymentKey, orderId: payment.orderId, amount: payment.amount });
    expect(otherKey.body.code).toBe('ALREADY_PROCESSED_PAYMENT');
    // Another path: the cancel runs.
    const cancelled = await cancel(
      t.http,
      payment.paymentKey,
      { cancelReason: 'x' },
      { 'Idempotency-Key': 'shared-key' },
    );
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.status).toBe('CANCELED');
  });

  it('replays a cancel: a retried partial cancel with the same key cancels once', async () => {
    const payment = await approved(t.http, { amount: 10000 });
    const key = { 'Idempotency-Key': `cancel-${payment.paymentKey}-1` };
    const first = await cancel(
      t.http,
      payment.paymentKey,
      { cancelReason: 'x', cancelAmount: 4000 },
      key,
    ).expect(200);
    const again = await cancel(
      t.http,
      payment.paymentKey,
      { cancelReason: 'x', cancelAmount: 4000 },
      key,
    ).expect(200);
    expect(again.body).toEqual(first.body);
    expect(again.body.balanceAmount).toBe(6000);
    expect(await readBack(t.http, payment.orderId)).toMatchObject({ cancels: 1, cancelCalls: 2 });
  });

  it('replays error answers too (the first answer, whatever it was)', async () => {
    const payment = await authorize(t.http);
    const key = { 'Idempotency-Key': `wrong-amount-${payment.orderId}` };
    const first = await confirm(t.http, { ...payment, amount: 1 }, key);
    expect(first.status).toBe(400);
    const again = await confirm(t.http, payment, key);
    expect(again.status).toBe(400);
    expect(again.body).toEqual(first.body);
    expect((await readBack(t.http, payment.orderId)).approvals).toBe(0);
  });

  it('answers 409 IDEMPOTENT_REQUEST_PROCESSING while the first request is still running, then replays it', async () => {
    const payment = await authorize(t.http);
    await addFault(t.http, {
      kind: 'LATENCY',
      latencyMs: 1500,
      orderId: payment.orderId,
      operation: 'confirm',
      count: 1,
    });
    const key = { 'Idempotency-Key': `slow-${payment.orderId}` };
    const slow = confirm(t.http, payment, key).then((res) => res);
    // The fault is taken after the key is claimed: from then on the first call is "processing".
    await eventually(async () => {
      const faults = (await t.http.get(`${TEST}/faults`).expect(200)).body.faults as {
        applied: number;
      }[];
      return faults[0]?.applied === 1 ? true : undefined;
    });
    const during = await confirm(t.http, payment, key);
    expect(during.status).toBe(409);
    expect(during.body).toEqual({
      code: 'IDEMPOTENT_REQUEST_PROCESSING',
      message: expect.any(String),
    });
    const first = await slow;
    expect(first.status).toBe(200);
    const after = await confirm(t.http, payment, key);
    expect(after.status).toBe(200);
    expect(after.body).toEqual(first.body);
    expect((await readBack(t.http, payment.orderId)).approvals).toBe(1);
  });

  it('refuses a key longer than 300 characters with 400 INVALID_IDEMPOTENCY_KEY, and takes 300', async () => {
    const payment = await authorize(t.http);
    const long = await confirm(t.http, payment, { 'Idempotency-Key': 'k'.repeat(301) });
    expect(long.status).toBe(400);
    expect(long.body).toEqual({ code: 'INVALID_IDEMPOTENCY_KEY', message: expect.any(String) });
    expect((await readBack(t.http, payment.orderId)).approvals).toBe(0);
    await confirm(t.http, payment, { 'Idempotency-Key': 'k'.repeat(300) }).expect(200);
  });

  it('ignores the header on GET', async () => {
    const payment = await authorize(t.http);
    const key = { ...basicAuth(), 'Idempotency-Key': 'get-key' };
    const before = await t.http.get(`${TOSS}/payments/${payment.paymentKey}`).set(key).expect(200);
    expect(before.body.status).toBe('IN_PROGRESS');
    await confirm(t.http, payment).expect(200);
    const after = await t.http.get(`${TOSS}/payments/${payment.paymentKey}`).set(key).expect(200);
    expect(after.body.status).toBe('DONE');
  });

  it('keeps no 5xx for replay: a retry with the same key after a failure runs again', async () => {
    const payment = await authorize(t.http);
    await addFault(t.http, { kind: 'ERROR', orderId: payment.orderId, count: 1 });
    const key = { 'Idempotency-Key': `retry-${payment.orderId}` };
    const failed = await confirm(t.http, payment, key);
    expect(failed.status).toBe(500);
    expect((await readBack(t.http, payment.orderId)).approvals).toBe(0);
    const retried = await confirm(t.http, payment, key);
    expect(retried.status).toBe(200);
    expect(retried.body.status).toBe('DONE');
  });

  it('keeps the real answer of an approval whose response was lost: the retry with the key gets 200', async () => {
    const payment = await authorize(t.http);
    await addFault(t.http, { kind: 'APPROVE_THEN_ERROR', orderId: payment.orderId, count: 1 });
    const key = { 'Idempotency-Key': `lost-${payment.orderId}` };
    expect((await confirm(t.http, payment, key)).status).toBe(500);
    const retried = await confirm(t.http, payment, key);
    expect(retried.status).toBe(200);
    expect(retried.body.status).toBe('DONE');
    expect((await readBack(t.http, payment.orderId)).approvals).toBe(1);
  });
});
