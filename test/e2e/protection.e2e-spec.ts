import { randomUUID } from 'node:crypto';
import type { Response } from 'supertest';
import { customer, login, SignedIn } from '../factories/auth.factory';
import { createOrder, seedProducts } from '../factories/catalogue.factory';
import { expectErrorBody } from '../factories/http.factory';
import { authorize } from '../factories/sandbox.factory';
import { startTestApp, TestApp } from '../setup/test-app';
import { allowsInline, allowsUrl, pageResources, parseCsp } from '../support/csp';

function expectRateLimited(res: Response): void {
  expectErrorBody(res, 429, 'RATE_LIMITED');
  expect(res.headers['retry-after']).toMatch(/^\d+$/);
  expect(Number(res.headers['retry-after'])).toBeGreaterThanOrEqual(1);
  expect(Number(res.headers['retry-after'])).toBeLessThanOrEqual(60);
}

/**
 * Security headers (CSP that still lets Swagger UI, the demo and the sandbox window run), CORS, the
 * body limit, and rate limits answering 429 RATE_LIMITED with Retry-After. The suite raises the
 * limits for every other test file (global-setup.ts); the apps here set low ones.
 */
describe('HTTP protection (e2e)', () => {
  describe('rate limits on login, register and confirm', () => {
    let t: TestApp;
    let kim: SignedIn;
    let lee: SignedIn;

    beforeAll(async () => {
      t = await startTestApp({
        env: {
          RATE_LIMIT_GLOBAL: '1000000',
          RATE_LIMIT_AUTH_PER_IP: '7',
          RATE_LIMIT_AUTH_PER_EMAIL: '3',
          RATE_LIMIT_CONFIRM_PER_CUSTOMER: '2',
          RATE_LIMIT_WINDOW_SECONDS: '60',
          RECONCILE_INTERVAL_MS: '0',
        },
      });
      // Two registrations and two logins: the per-IP counters of both routes stand at 2.
      kim = await customer(t.http);
      lee = await customer(t.http, '이고객');
    });
    afterAll(() => t.close());

    it('login: per email after 3 attempts, then per IP after 7, with Retry-After', async () => {
      const attempt = (email: string) =>
        t.http.post('/api/v1/auth/login').send({ email, password: 'wrong-password' });
      const target = `x-${randomUUID()}@test.local`;
      for (let i = 0; i < 3; i++) await attempt(target).expect(401);
      expectRateLimited(await attempt(target));
      // Another email still gets through (7th login from this IP) …
      await attempt(`y-${randomUUID()}@test.local`).expect(401);
      // … until the IP's own limit.
      expectRateLimited(await attempt(`z-${randomUUID()}@test.local`));
      await expect(login(t.http, kim.email, 'customer-password')).rejects.toThrow(/429/);
    });

    it('register: per email', async () => {
      const email = `r-${randomUUID()}@test.local`;
      const register = () =>
        t.http
          .post('/api/v1/auth/register')
          .send({ email, password: 'customer-password', name: '등록' });
      await register().expect(201);
      await register().expect(409);
      await register().expect(409);
      expectRateLimited(await register());
    });

    it('confirm: per customer, after the auth guard has said who it is', async () => {
      const products = await seedProducts(t.http);
      const order = await createOrder(t.http, kim.auth, [
        { productId: products['상품1'].id, quantity: 1 },
      ]);
      const paymentKey = await authorize(t.http, order);
      const confirm = (who: SignedIn) =>
        t.http
          .post('/api/v1/payments/confirm')
          .set(who.auth)
          .send({ paymentKey, orderId: order.orderId, amount: order.amount });
      await confirm(kim).expect(200);
      await confirm(kim).expect(200);
      expectRateLimited(await confirm(kim));
      // Another customer has a counter of their own (and may not see kim's order).
      expectErrorBody(await confirm(lee), 404, 'ORDER_NOT_FOUND');
      // Other routes of the same customer are not affected.
      await t.http.get(`/api/v1/orders/${order.orderId}`).set(kim.auth).expect(200);
    });

    it('allows any origin by default outside production (CORS)', async () => {
      const res = await t.http
        .options('/api/v1/orders')
        .set('Origin', 'http://localhost:5173')
        .set('Access-Control-Request-Method', 'POST')
        .set('Access-Control-Request-Headers', 'authorization,content-type');
      expect(res.status).toBe(204);
      expect(res.headers['access-control-allow-origin']).toBe('http://localhost:5173');
    });
  });

  describe('global ceiling per IP', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp({ env: { RATE_LIMIT_GLOBAL: '5', RECONCILE_INTERVAL_MS: '0' } });
    });
    afterAll(() => t.close());

    it('limits the JSON API, not health, metrics or the sandbox', async () => {
      for (let i = 0; i < 5; i++) await t.http.get('/api/v1/products').expect(200);
      expectRateLimited(await t.http.get('/api/v1/products'));
      expectRateLimited(
        await t.http
          .post('/api/v1/auth/login')
          .send({ email: 'a@b.co', password: 'whatever-password' }),
      );
      await t.http.get('/health').expect(200);
      await t.http.get('/metrics').expect(200);
      await t.http.get('/sandbox/toss/test/faults').expect(200);
    });
  });

  describe('headers, CSP, CORS list and body limit', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp({
        env: {
          CORS_ORIGINS: 'https://shop.example.com,http://localhost:5173',
          RATE_LIMIT_GLOBAL: '1000000',
          RECONCILE_INTERVAL_MS: '0',
        },
      });
    });
    afterAll(() => t.close());

    it('sends security headers on API answers, errors included', async () => {
      for (const res of [
        await t.http.get('/api/v1/products').expect(200),
        await t.http.get('/api/v1/orders').expect(401),
      ]) {
        expect(res.headers).toMatchObject({
          'x-content-type-options': 'nosniff',
          'x-frame-options': 'SAMEORIGIN',
          'referrer-policy': 'no-referrer',
          'cross-origin-opener-policy': 'same-origin-allow-popups',
        });
        expect(res.headers['content-security-policy']).toContain("default-src 'self'");
        expect(res.headers['content-security-policy']).toContain("object-src 'none'");
        expect(res.headers['content-security-policy']).not.toMatch(
          /script-src[^;]*'unsafe-inline'/,
        );
      }
    });

    it.each([
      '/docs',
      '/demo',
      '/demo/payments/success',
      '/demo/payments/fail',
      '/sandbox/checkout',
    ])(
      '%s loads, and every script, style and image it uses is allowed by its CSP',
      async (path) => {
        const page = await t.http.get(path).redirects(1).expect(200);
        expect(page.headers['content-type']).toMatch(/^text\/html/);
        const header = page.headers['content-security-policy'];
        expect(header).toEqual(expect.any(String));
        const csp = parseCsp(header);
        const pageUrl = `${t.baseUrl}${path}`;
        const resources = pageResources(page.text);
        expect(
          resources.filter((r) => r.directive === 'script-src-elem' && r.url).length,
        ).toBeGreaterThan(0);
        const refused = resources
          .filter((r) =>
            r.url !== undefined
              ? !allowsUrl(csp, r.directive, pageUrl, r.url)
              : !allowsInline(csp, r.directive, r.inline ?? ''),
          )
          .map((r) => r.what);
        expect(refused).toEqual([]);
        for (const r of resources.filter(
          (x) => x.url !== undefined && new URL(x.url, pageUrl).origin === t.baseUrl,
        )) {
          await t.http.get(new URL(r.url!, pageUrl).pathname).expect(200);
        }
        // What the pages fetch at run time: the API and the OpenAPI document, same origin; Toss's SDK.
        expect(allowsUrl(csp, 'connect-src', pageUrl, '/api/v1/products')).toBe(true);
        expect(allowsUrl(csp, 'connect-src', pageUrl, '/docs-json')).toBe(true);
        expect(
          allowsUrl(csp, 'script-src-elem', pageUrl, 'https://js.tosspayments.com/v2/standard'),
        ).toBe(true);
        expect(allowsUrl(csp, 'script-src-elem', pageUrl, 'https://evil.example.com/x.js')).toBe(
          false,
        );
      },
    );

    it('CORS: answers preflights for the configured origins only', async () => {
      const preflight = (origin: string) =>
        t.http
          .options('/api/v1/payments/confirm')
          .set('Origin', origin)
          .set('Access-Control-Request-Method', 'POST')
          .set('Access-Control-Request-Headers', 'authorization,content-type');
      const allowed = await preflight('https://shop.example.com');
      expect(allowed.status).toBe(204);
      expect(allowed.headers['access-control-allow-origin']).toBe('https://shop.example.com');
      expect(allowed.headers['access-control-allow-headers']).toMatch(/authorization/i);
      const other = await preflight('https://evil.example.com');
      expect(other.headers['access-control-allow-origin']).toBeUndefined();
      const simple = await t.http
        .get('/api/v1/products')
        .set('Origin', 'http://localhost:5173')
        .expect(200);
      expect(simple.headers['access-control-allow-origin']).toBe('http://localhost:5173');
      expect(simple.headers['access-control-expose-headers']).toMatch(/x-request-id/i);
    });

    it('a JSON body over 100 kB is 413 PAYLOAD_TOO_LARGE; one just under is read', async () => {
      const body = (bytes: number) =>
        JSON.stringify({ email: 'a@b.co', password: 'x'.repeat(bytes - 32) });
      expect(Buffer.byteLength(body(100 * 1024 + 1))).toBe(100 * 1024 + 1);
      const over = await t.http
        .post('/api/v1/auth/login')
        .set('Content-Type', 'application/json')
        .send(body(100 * 1024 + 1));
      expectErrorBody(over, 413, 'PAYLOAD_TOO_LARGE');
      const under = await t.http
        .post('/api/v1/auth/login')
        .set('Content-Type', 'application/json')
        .send(body(100 * 1024));
      expectErrorBody(under, 400, 'VALIDATION_ERROR');
    });
  });
});
