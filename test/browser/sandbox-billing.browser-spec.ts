import { mkdirSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { basicAuth, chargeBillingKey, issueBillingKey, newOrderId } from '../e2e/sandbox-helpers';
import { startTestApp, TestApp } from '../setup/test-app';
import { Browser, launchBrowser, RESULTS_DIR } from './browser';

const CUSTOMER_KEY = 'cus_browser_0001';

/** The shop's page: loads the stand-in SDK from the app and asks for billing auth on a click. */
function shopPage(shopOrigin: string, sdkUrl: string): string {
  return `<!doctype html><meta charset="utf-8"><title>shop</title>
<button id="subscribe">구독하기</button>
<script src="${sdkUrl}"></script>
<script>
  document.getElementById('subscribe').addEventListener('click', function () {
    var windowTarget = new URLSearchParams(location.search).get('windowTarget') || undefined;
    TossPayments('test_ck_browser')
      .payment({ customerKey: '${CUSTOMER_KEY}' })
      .requestBillingAuth({
        method: 'CARD',
        successUrl: '${shopOrigin}/billing/success?plan=basic',
        failUrl: '${shopOrigin}/billing/fail',
        customerName: '김토스',
        windowTarget: windowTarget,
      });
  });
</script>`;
}

/**
 * The stand-in SDK's requestBillingAuth and the billing-auth window in Chromium: the window in an
 * iframe (the default) or as the tab, registering a card (successUrl?…&customerKey&authKey, then
 * the key issued and charged through the API), a decline and closing the window (failUrl).
 */
describe('requestBillingAuth against the sandbox, in a browser', () => {
  let t: TestApp;
  let shop: Server;
  /** http://localhost:<port>: another origin than the app's 127.0.0.1. */
  let shopOrigin: string;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    mkdirSync(RESULTS_DIR, { recursive: true });
    t = await startTestApp();
    // The shop's two pages: the one that subscribes, and where the window sends the customer back.
    shop = createServer((req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(
        req.url?.startsWith('/subscribe')
          ? shopPage(shopOrigin, `${t.baseUrl}/sandbox/sdk.js`)
          : '<!doctype html><title>back at the shop</title>',
      );
    });
    await new Promise<void>((resolve) => shop.listen(0, 'localhost', resolve));
    shopOrigin = `http://localhost:${(shop.address() as AddressInfo).port}`;
    browser = await launchBrowser();
    page = await browser.context.newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
    shop?.closeAllConnections();
    await new Promise((resolve) => shop?.close(resolve));
  });

  /** Opens the shop, asks for billing auth; resolves with the window's frame or page. */
  async function subscribe(windowTarget?: 'self') {
    await page.goto(
      `${shopOrigin}/subscribe${windowTarget ? `?windowTarget=${windowTarget}` : ''}`,
    );
    await page.locator('#subscribe').click();
    if (windowTarget) {
      await page.waitForURL(/\/sandbox\/checkout\/billing\?/);
      return page.locator('body');
    }
    return page.frameLocator('#toss-sandbox-window').locator('body');
  }

  async function returned(path: string): Promise<URL> {
    await page.waitForURL(`${shopOrigin}${path}**`);
    return new URL(page.url());
  }

  it('registers a card in the iframe: successUrl keeps its query and gains customerKey and authKey; the key is issued and charged', async () => {
    const window = await subscribe();
    await window.getByText('SANDBOX', { exact: true }).waitFor();
    expect(await window.locator('#customer-key').textContent()).toBe(CUSTOMER_KEY);
    expect(await window.locator('#customer').textContent()).toBe('김토스');
    await page.screenshot({ path: join(RESULTS_DIR, 'billing-auth-window.png') });
    await window.locator('#register').click();

    const success = await returned('/billing/success');
    expect(success.searchParams.get('plan')).toBe('basic');
    expect(success.searchParams.get('customerKey')).toBe(CUSTOMER_KEY);
    const authKey = success.searchParams.get('authKey') ?? '';
    const issued = await issueBillingKey(t.http, { authKey, customerKey: CUSTOMER_KEY }).expect(
      200,
    );
    expect(issued.body.card.number).toBe('43301234****123*');
    const charged = await chargeBillingKey(t.http, issued.body.billingKey, {
      customerKey: CUSTOMER_KEY,
      amount: 9900,
      orderId: newOrderId(),
      orderName: '베이직 구독',
    }).expect(200);
    expect(charged.body).toMatchObject({ type: 'BILLING', status: 'DONE' });
    await t.http
      .get(`/sandbox/toss/v1/payments/${charged.body.paymentKey}`)
      .set(basicAuth())
      .expect(200);
  });

  it('as the tab: a mistyped card number is reported in the window; the corrected one registers', async () => {
    const window = await subscribe('self');
    await page.locator('#card-number').fill('4330 12');
    await page.locator('#register').click();
    await page.locator('#problem').filter({ hasText: '카드번호' }).waitFor();
    await page.locator('#card-number').fill('5409 1234 5678 9012');
    await page.locator('#register').click();
    const success = await returned('/billing/success');
    expect(await window.count()).toBe(1);
    const issued = await issueBillingKey(t.http, {
      authKey: success.searchParams.get('authKey') ?? '',
      customerKey: CUSTOMER_KEY,
    }).expect(200);
    expect(issued.body.card.number).toBe('54091234****901*');
  });

  it('a decline and a closed window go to failUrl with Toss’s code and message', async () => {
    await subscribe('self');
    await page.locator('input[name=outcome][value=decline]').check();
    await page.locator('#decline-code').selectOption('INVALID_STOPPED_CARD');
    await page.locator('#register').click();
    const declined = await returned('/billing/fail');
    expect(declined.searchParams.get('code')).toBe('INVALID_STOPPED_CARD');
    expect(declined.searchParams.get('message')).toBe('정지된 카드 입니다.');

    const window = await subscribe();
    await window.locator('#cancel').click();
    const closed = await returned('/billing/fail');
    expect(closed.searchParams.get('code')).toBe('PAY_PROCESS_CANCELED');
    expect(closed.searchParams.has('authKey')).toBe(false);
  });
});
