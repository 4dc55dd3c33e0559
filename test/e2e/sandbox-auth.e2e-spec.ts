import { startTestApp, TestApp } from '../setup/test-app';
import { authorize, basicAuth, confirm, TOSS } from './sandbox-helpers';

/** The sandbox authenticates as Toss does (docs/toss.md §1) and answers errors as `{code, message}` (§6). */
describe('Toss sandbox: auth and error shape', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const base64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

  it('serves Toss paths under /sandbox/toss, outside the /api/v1 prefix', async () => {
    const payment = await authorize(t.http);
    await t.http.get(`${TOSS}/payments/${payment.paymentKey}`).set(basicAuth()).expect(200);
    await t.http.get(`/api/v1${TOSS}/payments/${payment.paymentKey}`).set(basicAuth()).expect(404);
  });

  it.each([
    ['no Authorization header', 401, 'UNAUTHORIZED_KEY', undefined],
    ['an empty header', 401, 'UNAUTHORIZED_KEY', ''],
    ['a Bearer token', 403, 'INCORRECT_BASIC_AUTH_FORMAT', 'Bearer test_sk_abc'],
    [
      'Basic with the key not base64-encoded',
      403,
      'INCORRECT_BASIC_AUTH_FORMAT',
      'Basic test_sk_abc:',
    ],
    [
      'the colon missing before encoding',
      403,
      'INCORRECT_BASIC_AUTH_FORMAT',
      `Basic ${base64('test_sk_abc')}`,
    ],
    ['a live secret key', 401, 'UNAUTHORIZED_KEY', `Basic ${base64('live_sk_abc123:')}`],
    [
      'a client key instead of a secret key',
      401,
      'UNAUTHORIZED_KEY',
      `Basic ${base64('test_ck_abc123:')}`,
    ],
    [
      'a UTF-8 BOM encoded with the key (77u/…)',
      401,
      'UNAUTHORIZED_KEY',
      `Basic ${base64('\uFEFFtest_sk_abc123:')}`,
    ],
    ['an unknown key shape', 401, 'UNAUTHORIZED_KEY', `Basic ${base64('sk_abc:')}`],
  ])(
    'refuses %s with %i %s and the bare {code, message} body',
    async (_what, status, code, header) => {
      const payment = await authorize(t.http);
      const req = t.http.post(`${TOSS}/payments/confirm`);
      if (header !== undefined) void req.set('Authorization', header);
      const res = await req.send({
        paymentKey: payment.paymentKey,
        orderId: payment.orderId,
        amount: payment.amount,
      });
      expect(res.status).toBe(status);
      expect(res.body).toEqual({ code, message: expect.any(String) });
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      // Refused before anything ran: the payment is still waiting for its confirm.
      const after = await t.http
        .get(`${TOSS}/payments/${payment.paymentKey}`)
        .set(basicAuth())
        .expect(200);
      expect(after.body.status).toBe('IN_PROGRESS');
    },
  );

  it('checks auth on lookups and cancels too', async () => {
    const payment = await authorize(t.http);
    const get = await t.http.get(`${TOSS}/payments/${payment.paymentKey}`);
    expect(get.status).toBe(401);
    expect(get.body.code).toBe('UNAUTHORIZED_KEY');
    const byOrder = await t.http
      .get(`${TOSS}/payments/orders/${payment.orderId}`)
      .set('Authorization', 'Basic x');
    expect(byOrder.body).toEqual({
      code: 'INCORRECT_BASIC_AUTH_FORMAT',
      message: expect.any(String),
    });
    const cancel = await t.http
      .post(`${TOSS}/payments/${payment.paymentKey}/cancel`)
      .set('Authorization', `Basic ${base64('live_gsk_abc:')}`)
      .send({ cancelReason: 'x' });
    expect(cancel.status).toBe(401);
  });

  it('accepts any test key, API (test_sk_) or widget (test_gsk_), including the public docs keys', async () => {
    for (const key of [
      'test_sk_zXLkKEypNArWmo50nX3lmeaxYG5R',
      'test_gsk_docs_OaPz8L5KdmQXkzRz3y47BMw6',
    ]) {
      const payment = await authorize(t.http);
      const res = await t.http
        .post(`${TOSS}/payments/confirm`)
        .set(basicAuth(key))
        .send({ paymentKey: payment.paymentKey, orderId: payment.orderId, amount: payment.amount });
      expect(res.status).toBe(200);
      expect(res.body.status).toBe('DONE');
    }
  });

  it('answers malformed JSON in Toss shape, and bad bodies with INVALID_REQUEST', async () => {
    const malformed = await t.http
      .post(`${TOSS}/payments/confirm`)
      .set({ ...basicAuth(), 'content-type': 'application/json' })
      .send('{"paymentKey":');
    expect(malformed.status).toBe(400);
    expect(malformed.body).toEqual({ code: 'INVALID_REQUEST', message: expect.any(String) });

    const payment = await authorize(t.http);
    for (const body of [
      {},
      { paymentKey: payment.paymentKey, orderId: payment.orderId },
      { paymentKey: payment.paymentKey, orderId: payment.orderId, amount: '15000' },
      {
        paymentKey: payment.paymentKey,
        orderId: payment.orderId,
        amount: { currency: 'KRW', value: 15000 },
      },
      { paymentKey: payment.paymentKey, orderId: 'short', amount: 15000 },
    ]) {
      const res = await t.http.post(`${TOSS}/payments/confirm`).set(basicAuth()).send(body);
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ code: 'INVALID_REQUEST', message: expect.any(String) });
    }
  });

  it('takes Toss-shaped bodies with fields it does not know (no whitelist rejection)', async () => {
    const payment = await authorize(t.http);
    const res = await t.http.post(`${TOSS}/payments/confirm`).set(basicAuth()).send({
      paymentKey: payment.paymentKey,
      orderId: payment.orderId,
      amount: payment.amount,
      somethingNew: true,
    });
    expect(res.status).toBe(200);
  });

  it('forces an error with TossPayments-Test-Code and changes nothing', async () => {
    const payment = await authorize(t.http);
    const res = await confirm(t.http, payment, { 'TossPayments-Test-Code': 'REJECT_CARD_COMPANY' });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('REJECT_CARD_COMPANY');
    await confirm(t.http, payment).expect(200);
  });
});
