import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { startTestApp, TestApp } from '../setup/test-app';
import { Browser, eventually, launchBrowser, RESULTS_DIR } from './browser';
import { ShopServer, startShopServer } from './shop-server';

/**
 * A shop on another origin (its own port, on localhost while the app is on 127.0.0.1) uses Toss's
 * npm loader, `loadTossPayments(clientKey, {src: '<app>/sandbox/sdk.js'})`, against the app's
 * sandbox, and its API through CORS (CORS_ORIGINS lists only the shop). Each purchase ends with
 * the order read back PAID from the API.
 */
describe('Toss’s SDK loader from another origin, against the sandbox', () => {
  let t: TestApp;
  let shop: ShopServer;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    mkdirSync(RESULTS_DIR, { recursive: true });
    shop = await startShopServer();
    t = await startTestApp({ env: { CORS_ORIGINS: shop.origin } });
    browser = await launchBrowser();
    page = await browser.context.newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await shop?.close();
  });

  /** The shop's token, from its sessionStorage (the test reads the order as the customer). */
  async function token(): Promise<string> {
    const value = await page.evaluate(() => {
      const storage = (globalThis as { sessionStorage?: { getItem(key: string): string | null } })
        .sessionStorage;
      return storage?.getItem('shop.token') ?? null;
    });
    if (!value) throw new Error('the shop stored no token');
    return value;
  }

  async function orderStatus(orderId: string, bearer: string): Promise<string> {
    const res = await t.http
      .get(`/api/v1/orders/${orderId}`)
      .set('Authorization', `Bearer ${bearer}`)
      .expect(200);
    return res.body.status;
  }

  /** The payment as the sandbox holds it (its read-back test control). */
  async function sandboxPayment(orderId: string): Promise<Record<string, unknown>> {
    const res = await t.http.get('/sandbox/toss/test/payments').query({ orderId }).expect(200);
    return res.body.payment;
  }

  interface ShopResult {
    step: string;
    orderId?: string;
    status?: string;
    code?: string;
  }

  async function result(): Promise<ShopResult> {
    await page.locator('#result[data-step]').waitFor();
    return JSON.parse((await page.locator('#result').textContent()) ?? '{}') as ShopResult;
  }

  /** The shop loaded the sandbox SDK through Toss's loader and signed a customer up. */
  async function openShop(): Promise<void> {
    await page.goto(`${shop.origin}/?api=${encodeURIComponent(t.baseUrl)}`);
    await page.locator('#status').filter({ hasNotText: 'loading' }).waitFor();
    expect(await page.locator('#status').textContent()).toBe('ready');
  }

  async function pay(method: string, mode: string): Promise<void> {
    await page.locator('#method').selectOption(method);
    await page.locator('#mode').selectOption(mode);
    await page.locator('#pay').click();
  }

  it('serves the SDK and the window for other origins (CORP cross-origin), the API as configured', async () => {
    const sdk = await t.http.get('/sandbox/sdk.js').expect(200);
    expect(sdk.headers['cross-origin-resource-policy']).toBe('cross-origin');
    const window = await t.http.get('/sandbox/checkout').expect(200);
    expect(window.headers['cross-origin-resource-policy']).toBe('cross-origin');
    expect(window.headers['x-frame-options']).toBeUndefined();
    expect(window.headers['content-security-policy']).toContain('frame-ancestors *');
    const api = await t.http.get('/api/v1/products').set('Origin', shop.origin).expect(200);
    expect(api.headers['cross-origin-resource-policy']).toBe('same-origin');
    expect(api.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(api.headers['access-control-allow-origin']).toBe(shop.origin);
    const stranger = await t.http.get('/api/v1/products').set('Origin', 'http://elsewhere.test');
    expect(stranger.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('buys 상품1 and the tax-free 도서 by card in Promise mode: the window in an iframe, the Promise confirmed by the shop', async () => {
    await openShop();
    await pay('CARD', 'promise');
    const window = page.frameLocator('#toss-sandbox-window');
    await window.getByText('SANDBOX', { exact: true }).waitFor();
    expect(await window.locator('#amount').textContent()).toBe('8,000원');
    expect(await window.locator('#metadata').textContent()).toBe('{"shop":"another-origin"}');
    await page.screenshot({ path: join(RESULTS_DIR, 'cross-origin-iframe.png') });
    await window.locator('#pay').click();

    const done = await result();
    expect(done).toMatchObject({ step: 'confirmed', status: 'DONE' });
    expect(page.url().startsWith(shop.origin)).toBe(true);
    expect(await page.locator('#toss-sandbox-window').count()).toBe(0);
    expect(await orderStatus(done.orderId ?? '', await token())).toBe('PAID');
    // requestPayment's metadata and the order's taxFreeAmount (도서's 3,000) reached the sandbox's
    // payment through the window, and the confirm found it equal to the order's.
    expect(await sandboxPayment(done.orderId ?? '')).toMatchObject({
      metadata: { shop: 'another-origin' },
      taxFreeAmount: 3000,
      vat: 455, // round((8000 − 3000) / 11)
    });
  });

  it('buys 상품2 by virtual account in redirect mode (windowTarget self); the deposit makes it PAID', async () => {
    await openShop();
    await pay('VIRTUAL_ACCOUNT', 'redirect-self');
    await page.waitForURL(/\/sandbox\/checkout\?/);
    expect(await page.locator('#amount').textContent()).toBe('10,000원');
    expect(await page.locator('#due').textContent()).toBe('24시간 / hours');
    expect(await page.locator('input[name=method][value="가상계좌"]').isChecked()).toBe(true);
    await page.locator('#pay').click();

    await page.waitForURL((url) => url.href.startsWith(`${shop.origin}/success.html?`));
    const issued = await result();
    expect(issued).toMatchObject({ step: 'confirmed', status: 'WAITING_FOR_DEPOSIT' });
    const orderId = issued.orderId ?? '';
    const bearer = await token();
    expect(await orderStatus(orderId, bearer)).toBe('WAITING_FOR_DEPOSIT');
    // virtualAccount.validHours 24: due a day after the confirm that just happened.
    const account = (await sandboxPayment(orderId)).virtualAccount as { dueDate: string };
    const hoursLeft = (Date.parse(account.dueDate) - Date.now()) / 3600_000;
    expect(hoursLeft).toBeGreaterThan(23.9);
    expect(hoursLeft).toBeLessThanOrEqual(24);

    // The customer pays into the account (the sandbox's test control), Toss's webhook follows.
    await t.http.post('/sandbox/toss/test/deposit').send({ orderId }).expect(200);
    await eventually(
      () => orderStatus(orderId, bearer),
      (status) => status === 'PAID',
    );
  });

  it('buys 상품1 and 도서 by card in redirect mode in an iframe: the shop page goes to successUrl', async () => {
    await openShop();
    await pay('CARD', 'redirect-iframe');
    const window = page.frameLocator('#toss-sandbox-window');
    await window.locator('#pay').click();
    await page.waitForURL((url) => url.href.startsWith(`${shop.origin}/success.html?`));
    const done = await result();
    expect(done).toMatchObject({ step: 'confirmed', status: 'DONE' });
    expect(await orderStatus(done.orderId ?? '', await token())).toBe('PAID');
  });

  it('closing the iframe rejects the Promise with USER_CANCEL; the order stays payable', async () => {
    await openShop();
    await pay('CARD', 'promise');
    await page.frameLocator('#toss-sandbox-window').locator('#cancel').click();
    expect(await result()).toMatchObject({ step: 'error', code: 'USER_CANCEL' });
    expect(await page.locator('#toss-sandbox-window').count()).toBe(0);
  });

  it('refuses a customerKey of 51 characters as Toss’s SDK does: INVALID_CUSTOMER_KEY', async () => {
    await openShop();
    // Runs in the shop's page, on the object Toss's loader resolved with (no DOM types here).
    const refusal = await page.evaluate(() => {
      const sdk = (
        globalThis as {
          shopTossPayments?: { payment(options: { customerKey: string }): unknown };
        }
      ).shopTossPayments;
      try {
        sdk?.payment({ customerKey: 'k'.repeat(51) });
        return null;
      } catch (error) {
        return { code: (error as { code?: string }).code, message: (error as Error).message };
      }
    });
    expect(refusal).toEqual({
      code: 'INVALID_CUSTOMER_KEY',
      message:
        '고객키는 영문 대소문자, 숫자, 특수문자 -, _, =, ., @로 2자 이상 50자 이하여야 합니다.',
    });
  });
});
