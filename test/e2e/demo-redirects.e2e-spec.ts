import { customer, SignedIn } from '../factories/auth.factory';
import { createOrder, seedProducts, SeedProduct } from '../factories/catalogue.factory';
import { startTestApp, TestApp } from '../setup/test-app';

const FRONTEND_URL = 'http://shop.test/demo';

/** The pages of the demo checkout and of the sandbox's payment window, and Toss's two redirect endpoints. */
describe('demo checkout and the Toss redirect endpoints', () => {
  let t: TestApp;
  let products: Record<string, SeedProduct>;
  let kim: SignedIn;

  beforeAll(async () => {
    t = await startTestApp({ env: { FRONTEND_URL } });
    products = await seedProducts(t.http);
    kim = await customer(t.http);
  });
  afterAll(() => t.close());

  const newOrder = (name = '상품1', quantity = 1) =>
    createOrder(t.http, kim.auth, [{ productId: products[name].id, quantity }]);

  /** What Toss's window does when the customer approves: the payment is authenticated, not yet confirmed. */
  async function authorize(
    order: { orderId: string; amount: number },
    method = 'CARD',
  ): Promise<string> {
    const res = await t.http
      .post('/sandbox/toss/test/authorize')
      .send({ orderId: order.orderId, amount: order.amount, orderName: '상품1', method })
      .expect(200);
    return res.body.paymentKey;
  }

  const getOrder = async (orderId: string) =>
    (await t.http.get(`/api/v1/orders/${orderId}`).set(kim.auth).expect(200)).body;

  describe('pages', () => {
    it.each([
      ['/demo', '데모 상점'],
      ['/demo/', '데모 상점'],
      ['/demo/payments/success', 'success.js'],
      ['/demo/payments/fail', 'fail.js'],
    ])('serves %s as HTML without a token', async (path, text) => {
      const res = await t.http.get(path).expect(200);
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(res.text).toContain(text);
    });

    it('serves the demo scripts and styles, and nothing outside its folder', async () => {
      for (const file of ['common.js', 'shop.js', 'success.js', 'fail.js']) {
        const res = await t.http.get(`/demo/assets/${file}`).expect(200);
        expect(res.headers['content-type']).toBe('text/javascript; charset=utf-8');
      }
      expect((await t.http.get('/demo/assets/style.css').expect(200)).headers['content-type']).toBe(
        'text/css; charset=utf-8',
      );
      await t.http.get('/demo/assets/nope.js').expect(404);
      await t.http.get('/demo/assets/..%2Fdemo.module.ts').expect(404);
      await t.http.get('/demo/assets/index.html').expect(404);
    });

    it('tells the page to use the sandbox SDK when TOSS_CLIENT_KEY is unset', async () => {
      const res = await t.http.get('/demo/config.json').expect(200);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(res.body).toEqual({
        sdk: 'sandbox',
        sdkUrl: '/sandbox/sdk.js',
        clientKey: expect.stringMatching(/^test_ck_/),
      });
    });

    it('serves the sandbox payment window, clearly marked, with Toss’s decline codes', async () => {
      const res = await t.http
        .get('/sandbox/checkout')
        .query({
          clientKey: 'test_ck_x',
          method: 'CARD',
          amount: '5000',
          orderId: 'order-123456',
          orderName: '상품1',
          successUrl: 'http://a.test/s',
          failUrl: 'http://a.test/f',
        })
        .expect(200);
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(res.text).toContain('SANDBOX');
      const data = JSON.parse(
        /<script type="application\/json" id="sandbox-data">(.*?)<\/script>/.exec(res.text)?.[1] ??
          'null',
      );
      expect(data.closed).toEqual({ code: 'PAY_PROCESS_CANCELED', message: expect.any(String) });
      expect(data.declines).toEqual(
        expect.arrayContaining([
          { code: 'REJECT_CARD_PAYMENT', message: expect.stringMatching(/\S/) },
          { code: 'INVALID_CARD_EXPIRATION', message: expect.stringContaining('유효기간') },
        ]),
      );
      const script = await t.http.get('/sandbox/checkout/assets/checkout.js').expect(200);
      expect(script.headers['content-type']).toBe('text/javascript; charset=utf-8');
    });

    it('serves the SDK v2 stand-in at /sandbox/sdk.js', async () => {
      const res = await t.http.get('/sandbox/sdk.js').expect(200);
      expect(res.headers['content-type']).toBe('text/javascript; charset=utf-8');
      expect(res.text).toContain('window.TossPayments = TossPayments');
      expect(res.text).toContain('requestPayment');
    });

    it('keeps the pages out of /api/v1', async () => {
      await t.http.get('/api/v1/demo').expect(404);
      await t.http.get('/api/v1/sandbox/sdk.js').expect(404);
    });
  });

  describe('GET /api/v1/payments/toss/success (successUrl handled by the server)', () => {
    it('confirms a sandbox-authorized payment and redirects to FRONTEND_URL/payments/success', async () => {
      const order = await newOrder();
      const paymentKey = await authorize(order);
      const res = await t.http
        .get('/api/v1/payments/toss/success')
        .query({
          paymentType: 'NORMAL',
          orderId: order.orderId,
          paymentKey,
          amount: String(order.amount),
        })
        .expect(302);
      const location = new URL(res.headers.location);
      expect(`${location.origin}${location.pathname}`).toBe(`${FRONTEND_URL}/payments/success`);
      expect(location.searchParams.get('orderId')).toBe(order.orderId);
      expect(await getOrder(order.orderId)).toMatchObject({
        status: 'PAID',
        payment: { paymentKey, method: '카드', status: 'DONE' },
      });
    });

    it('redirects to /payments/fail with AMOUNT_MISMATCH when the amount was tampered with, and does not confirm', async () => {
      const order = await newOrder();
      const paymentKey = await authorize(order);
      const res = await t.http
        .get('/api/v1/payments/toss/success')
        .query({
          paymentType: 'NORMAL',
          orderId: order.orderId,
          paymentKey,
          amount: String(order.amount - 4900),
        })
        .expect(302);
      const location = new URL(res.headers.location);
      expect(`${location.origin}${location.pathname}`).toBe(`${FRONTEND_URL}/payments/fail`);
      expect(location.searchParams.get('code')).toBe('AMOUNT_MISMATCH');
      expect(location.searchParams.get('message')).toMatch(/\S/);
      expect(location.searchParams.get('orderId')).toBe(order.orderId);
      expect((await getOrder(order.orderId)).status).toBe('PENDING');
    });
  });

  describe('GET /api/v1/payments/toss/fail (failUrl handled by the server)', () => {
    it('records the failure on the order, which stays PENDING, and redirects to /payments/fail', async () => {
      const order = await newOrder();
      const message = '한도초과 혹은 잔액부족으로 결제에 실패했습니다.';
      const res = await t.http
        .get('/api/v1/payments/toss/fail')
        .query({ code: 'REJECT_CARD_PAYMENT', message, orderId: order.orderId })
        .expect(302);
      const location = new URL(res.headers.location);
      expect(`${location.origin}${location.pathname}`).toBe(`${FRONTEND_URL}/payments/fail`);
      expect(Object.fromEntries(location.searchParams)).toEqual({
        code: 'REJECT_CARD_PAYMENT',
        message,
        orderId: order.orderId,
      });
      expect(await getOrder(order.orderId)).toMatchObject({
        status: 'PENDING',
        lastFailure: { code: 'REJECT_CARD_PAYMENT', message },
      });
    });

    it('passes a closed window (PAY_PROCESS_CANCELED, no orderId) through without an orderId', async () => {
      const res = await t.http
        .get('/api/v1/payments/toss/fail')
        .query({ code: 'PAY_PROCESS_CANCELED', message: '사용자에 의해 결제가 취소되었습니다.' })
        .expect(302);
      const location = new URL(res.headers.location);
      expect(location.pathname).toBe('/demo/payments/fail');
      expect(location.searchParams.get('code')).toBe('PAY_PROCESS_CANCELED');
      expect(location.searchParams.has('orderId')).toBe(false);
    });
  });
});

describe('demo checkout without the sandbox, with a Toss client key', () => {
  let t: TestApp;
  const saved = {
    SANDBOX_ENABLED: process.env.SANDBOX_ENABLED,
    TOSS_CLIENT_KEY: process.env.TOSS_CLIENT_KEY,
    TOSS_SECRET_KEY: process.env.TOSS_SECRET_KEY,
  };

  beforeAll(async () => {
    // A key pair: a client key alone is refused at start-up. Nothing here calls Toss.
    t = await startTestApp({
      env: {
        SANDBOX_ENABLED: 'false',
        TOSS_CLIENT_KEY: 'test_ck_demoE2eClientKey',
        TOSS_SECRET_KEY: 'test_sk_demoE2eSecretKey',
      },
    });
  });
  afterAll(async () => {
    await t.close();
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });

  it('points the demo at Toss’s SDK v2 and does not mount the stand-in window', async () => {
    const config = await t.http.get('/demo/config.json').expect(200);
    expect(config.body).toEqual({
      sdk: 'toss',
      sdkUrl: 'https://js.tosspayments.com/v2/standard',
      clientKey: 'test_ck_demoE2eClientKey',
    });
    await t.http.get('/demo').expect(200);
    await t.http.get('/sandbox/checkout').expect(404);
    await t.http.get('/sandbox/sdk.js').expect(404);
  });
});
