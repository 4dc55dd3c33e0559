import { startTestApp, TestApp } from '../setup/test-app';
import {
  addFault,
  approved,
  authorize,
  basicAuth,
  cancel,
  confirm,
  eventually,
  newOrderId,
  readBack,
  TEST,
  TOSS,
} from './sandbox-helpers';

/** Fault injection over HTTP: each kind, and how faults are aimed, counted and cleared. */
describe('Toss sandbox: fault injection', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());
  afterEach(() => t.http.post(`${TEST}/reset`).expect(200));

  /** The client-side error of a request that got no HTTP answer. */
  async function transportError(
    promise: PromiseLike<unknown>,
  ): Promise<{ code?: string; message: string }> {
    try {
      await promise;
    } catch (error) {
      return error as { code?: string; message: string };
    }
    throw new Error('the request got an answer');
  }

  it('LATENCY delays the answer, then runs normally', async () => {
    const payment = await authorize(t.http);
    await addFault(t.http, { kind: 'LATENCY', latencyMs: 400, orderId: payment.orderId });
    const started = Date.now();
    await confirm(t.http, payment).expect(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(400);
  });

  it('DECLINE on confirm aborts the payment with the given Toss code (Toss status by default)', async () => {
    const payment = await authorize(t.http);
    await addFault(t.http, {
      kind: 'DECLINE',
      code: 'REJECT_CARD_PAYMENT',
      orderId: payment.orderId,
    });
    const res = await confirm(t.http, payment);
    expect(res.status).toBe(403);
    expect(res.body).toEqual({
      code: 'REJECT_CARD_PAYMENT',
      message: '한도초과 혹은 잔액부족으로 결제에 실패했습니다.',
    });
    const record = await readBack(t.http, payment.orderId);
    expect(record.payment).toMatchObject({
      status: 'ABORTED',
      failure: { code: 'REJECT_CARD_PAYMENT' },
    });
    expect(record.approvals).toBe(0);
  });

  it('DECLINE takes any code with its own status and message', async () => {
    const payment = await authorize(t.http);
    await addFault(t.http, {
      kind: 'DECLINE',
      code: 'MY_ODD_CODE',
      httpStatus: 422,
      message: '이상한 오류',
      paymentKey: payment.paymentKey,
    });
    const res = await confirm(t.http, payment);
    expect(res.status).toBe(422);
    expect(res.body).toEqual({ code: 'MY_ODD_CODE', message: '이상한 오류' });
  });

  it('DECLINE on cancel refuses the cancel and changes nothing', async () => {
    const payment = await approved(t.http);
    await addFault(t.http, {
      kind: 'DECLINE',
      code: 'NOT_CANCELABLE_PAYMENT',
      operation: 'cancel',
      orderId: payment.orderId,
    });
    const res = await cancel(t.http, payment.paymentKey, { cancelReason: 'x' });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('NOT_CANCELABLE_PAYMENT');
    expect(await readBack(t.http, payment.orderId)).toMatchObject({
      cancels: 0,
      payment: { status: 'DONE' },
    });
  });

  it('ERROR answers 500 without approving; a retry approves', async () => {
    const payment = await authorize(t.http);
    await addFault(t.http, { kind: 'ERROR', orderId: payment.orderId, count: 1 });
    const res = await confirm(t.http, payment);
    expect(res.status).toBe(500);
    expect(res.body).toEqual({
      code: 'FAILED_INTERNAL_SYSTEM_PROCESSING',
      message: expect.any(String),
    });
    expect(await readBack(t.http, payment.orderId)).toMatchObject({
      approvals: 0,
      payment: { status: 'IN_PROGRESS' },
    });
    await confirm(t.http, payment).expect(200);
  });

  it('ERROR takes a code and status, e.g. the retryable 400 PROVIDER_ERROR', async () => {
    const payment = await authorize(t.http);
    await addFault(t.http, {
      kind: 'ERROR',
      code: 'PROVIDER_ERROR',
      httpStatus: 400,
      orderId: payment.orderId,
    });
    const res = await confirm(t.http, payment);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('PROVIDER_ERROR');
    expect((await readBack(t.http, payment.orderId)).payment?.status).toBe('IN_PROGRESS');
  });

  it('APPROVE_THEN_ERROR commits the approval, then answers 500', async () => {
    const payment = await authorize(t.http);
    await addFault(t.http, { kind: 'APPROVE_THEN_ERROR', orderId: payment.orderId });
    const res = await confirm(t.http, payment);
    expect(res.status).toBe(500);
    expect(res.body.code).toBe('FAILED_INTERNAL_SYSTEM_PROCESSING');
    expect(await readBack(t.http, payment.orderId)).toMatchObject({
      approvals: 1,
      payment: { status: 'DONE' },
    });
  });

  it('APPROVE_THEN_ERROR on cancel commits the cancel, then answers 500', async () => {
    const payment = await approved(t.http);
    await addFault(t.http, {
      kind: 'APPROVE_THEN_ERROR',
      operation: 'cancel',
      orderId: payment.orderId,
    });
    expect((await cancel(t.http, payment.paymentKey, { cancelReason: 'x' })).status).toBe(500);
    expect(await readBack(t.http, payment.orderId)).toMatchObject({
      cancels: 1,
      payment: { status: 'CANCELED' },
    });
  });

  it('APPROVE_THEN_HANG commits the approval and never answers; the socket ends when the client gives up', async () => {
    const payment = await authorize(t.http);
    await addFault(t.http, { kind: 'APPROVE_THEN_HANG', orderId: payment.orderId });
    const error = await transportError(confirm(t.http, payment).timeout(800));
    expect(error.code).toBe('ECONNABORTED');
    expect(await readBack(t.http, payment.orderId)).toMatchObject({
      approvals: 1,
      payment: { status: 'DONE' },
    });
  });

  it('HANG never answers and never approves; meanwhile the same key is still processing (409)', async () => {
    const payment = await authorize(t.http);
    await addFault(t.http, { kind: 'HANG', orderId: payment.orderId, count: 1 });
    const key = { 'Idempotency-Key': `hang-${payment.orderId}` };
    const hanging = transportError(confirm(t.http, payment, key).timeout(1500));
    await eventually(async () => {
      const faults = (await t.http.get(`${TEST}/faults`).expect(200)).body.faults as {
        applied: number;
      }[];
      return faults[0]?.applied === 1 ? true : undefined;
    });
    expect((await confirm(t.http, payment, key)).status).toBe(409);
    expect((await hanging).code).toBe('ECONNABORTED');
    expect((await readBack(t.http, payment.orderId)).approvals).toBe(0);
    // The client gave up: the key is free again and the retry runs.
    await eventually(async () =>
      (await confirm(t.http, payment, key)).status === 200 ? true : undefined,
    );
  });

  it('RESET drops the connection without approving', async () => {
    const payment = await authorize(t.http);
    await addFault(t.http, { kind: 'RESET', orderId: payment.orderId, count: 1 });
    const error = await transportError(confirm(t.http, payment));
    expect(['ECONNRESET', 'EPIPE']).toContain(error.code);
    expect((await readBack(t.http, payment.orderId)).approvals).toBe(0);
    await confirm(t.http, payment).expect(200);
  });

  it('RATE_LIMIT answers 429 without approving', async () => {
    const payment = await authorize(t.http);
    await addFault(t.http, { kind: 'RATE_LIMIT', orderId: payment.orderId, count: 1 });
    const res = await confirm(t.http, payment);
    expect(res.status).toBe(429);
    expect(res.body).toEqual({ code: 'TOO_MANY_REQUESTS', message: expect.any(String) });
    expect((await readBack(t.http, payment.orderId)).approvals).toBe(0);
    await confirm(t.http, payment).expect(200);
  });

  it('scopes a fault to one operation', async () => {
    const payment = await authorize(t.http);
    await addFault(t.http, { kind: 'ERROR', operation: 'get', orderId: payment.orderId });
    expect(
      (await t.http.get(`${TOSS}/payments/${payment.paymentKey}`).set(basicAuth())).status,
    ).toBe(500);
    expect(
      (await t.http.get(`${TOSS}/payments/orders/${payment.orderId}`).set(basicAuth())).status,
    ).toBe(500);
    await confirm(t.http, payment).expect(200);
  });

  it('applies a counted fault N times, then stops', async () => {
    const payment = await authorize(t.http);
    const fault = await addFault(t.http, {
      kind: 'RATE_LIMIT',
      orderId: payment.orderId,
      count: 2,
    });
    expect(fault).toMatchObject({
      kind: 'RATE_LIMIT',
      remaining: 2,
      applied: 0,
      orderId: payment.orderId,
    });
    expect((await confirm(t.http, payment)).status).toBe(429);
    expect((await confirm(t.http, payment)).status).toBe(429);
    expect((await confirm(t.http, payment)).status).toBe(200);
    const listed = (await t.http.get(`${TEST}/faults`).expect(200)).body.faults;
    expect(listed).toEqual([expect.objectContaining({ id: fault.id, remaining: 0, applied: 2 })]);
  });

  it('aims at one order or payment, or everything; the most specific fault wins', async () => {
    const a = await authorize(t.http);
    const b = await authorize(t.http);
    await addFault(t.http, { kind: 'ERROR', code: 'GLOBAL_FAULT' });
    await addFault(t.http, { kind: 'ERROR', code: 'ORDER_FAULT', orderId: a.orderId });
    await addFault(t.http, {
      kind: 'ERROR',
      code: 'PAYMENT_FAULT',
      paymentKey: a.paymentKey,
      operation: 'get',
    });
    expect((await confirm(t.http, a)).body.code).toBe('ORDER_FAULT');
    expect((await confirm(t.http, b)).body.code).toBe('GLOBAL_FAULT');
    expect((await t.http.get(`${TOSS}/payments/${a.paymentKey}`).set(basicAuth())).body.code).toBe(
      'PAYMENT_FAULT',
    );
    // An order fault also catches calls that name only the paymentKey.
    expect((await cancel(t.http, a.paymentKey, { cancelReason: 'x' })).body.code).toBe(
      'ORDER_FAULT',
    );
    expect(
      (await confirm(t.http, { paymentKey: 'tgen_x', orderId: newOrderId(), amount: 1000 })).body
        .code,
    ).toBe('GLOBAL_FAULT');
  });

  it('clears faults by order, by id, or all', async () => {
    const payment = await authorize(t.http);
    const byId = await addFault(t.http, { kind: 'ERROR', operation: 'get' });
    await addFault(t.http, { kind: 'ERROR', orderId: payment.orderId, operation: 'confirm' });
    expect(
      (await t.http.delete(`${TEST}/faults`).query({ orderId: payment.orderId }).expect(200)).body,
    ).toEqual({ deleted: 1 });
    expect((await t.http.delete(`${TEST}/faults/${byId.id as string}`).expect(200)).body).toEqual({
      deleted: 1,
    });
    await addFault(t.http, { kind: 'ERROR' });
    expect((await t.http.delete(`${TEST}/faults`).expect(200)).body).toEqual({ deleted: 1 });
    await confirm(t.http, payment).expect(200);
  });

  it('refuses malformed faults', async () => {
    for (const body of [
      {},
      { kind: 'EXPLODE' },
      { kind: 'LATENCY' },
      { kind: 'DECLINE' },
      { kind: 'ERROR', operation: 'refund' },
      { kind: 'ERROR', count: 0 },
      { kind: 'ERROR', httpStatus: 200 },
      { kind: 'ERROR', orderId: 'abcdef', paymentKey: 'tgen_x' },
    ]) {
      const res = await t.http.post(`${TEST}/faults`).send(body);
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('INVALID_REQUEST');
    }
  });
});
