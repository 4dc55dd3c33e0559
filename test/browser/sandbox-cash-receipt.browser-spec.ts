import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { basicAuth, confirm, newOrderId, TOSS } from '../e2e/sandbox-helpers';
import { startTestApp, TestApp } from '../setup/test-app';
import { Browser, launchBrowser } from './browser';

/**
 * The stand-in payment window's cash receipt (현금영수증) in Chromium: requestPayment's
 * transfer.cashReceipt / virtualAccount.cashReceipt preselects the type, the customer types the
 * number (a malformed one is asked for again), and the payment confirmed carries the receipt.
 */
describe('the sandbox payment window asks for a cash receipt, in a browser', () => {
  let t: TestApp;
  let shop: Server;
  let shopOrigin: string;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    t = await startTestApp();
    shop = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end('<!doctype html><title>back at the shop</title>');
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

  /** The window as sdk.js opens it as the tab (windowTarget self). */
  async function openWindow(orderId: string, method: string, options: Record<string, string>) {
    const url = new URL(`${t.baseUrl}/sandbox/checkout`);
    const query: Record<string, string> = {
      clientKey: 'test_ck_browser',
      customerKey: 'cus_browser_0001',
      method,
      amount: '10000',
      currency: 'KRW',
      orderId,
      orderName: '책 외 1건',
      successUrl: `${shopOrigin}/success`,
      failUrl: `${shopOrigin}/fail`,
      ...options,
    };
    for (const [key, value] of Object.entries(query)) url.searchParams.set(key, value);
    await page.goto(url.toString());
  }

  it('a transfer asking 소득공제: the number is required, then the confirmed payment carries the receipt', async () => {
    const orderId = newOrderId();
    await openWindow(orderId, 'TRANSFER', {
      taxFreeAmount: '3000',
      transfer: JSON.stringify({ cashReceipt: { type: '소득공제' } }),
    });
    expect(await page.locator('#cash-receipt-type').inputValue()).toBe('소득공제');
    await page.locator('#pay').click();
    await page.locator('#problem').filter({ hasText: '현금영수증' }).waitFor();
    await page.locator('#cash-receipt-number').fill('010-1234-5678');
    await page.locator('#pay').click();
    await page.waitForURL(`${shopOrigin}/success**`);
    const success = new URL(page.url());
    const paymentKey = success.searchParams.get('paymentKey') ?? '';
    const confirmed = await confirm(t.http, { paymentKey, orderId, amount: 10000 }).expect(200);
    expect(confirmed.body.cashReceipt).toMatchObject({
      type: '소득공제',
      amount: 10000,
      taxFreeAmount: 3000,
    });
    expect(confirmed.body.cashReceipts[0].customerIdentityNumber).toBe('01012345678');
  });

  it('a virtual account left at 미발행 asks for no number and issues no receipt', async () => {
    const orderId = newOrderId();
    await openWindow(orderId, 'VIRTUAL_ACCOUNT', {});
    expect(await page.locator('#cash-receipt-type').inputValue()).toBe('미발행');
    expect(await page.locator('#cash-receipt-number').isVisible()).toBe(false);
    await page.locator('#cash-receipt-type').selectOption('지출증빙');
    expect(await page.locator('#cash-receipt-number').isVisible()).toBe(true);
    await page.locator('#cash-receipt-type').selectOption('미발행');
    await page.locator('#pay').click();
    await page.waitForURL(`${shopOrigin}/success**`);
    const paymentKey = new URL(page.url()).searchParams.get('paymentKey') ?? '';
    await confirm(t.http, { paymentKey, orderId, amount: 10000 }).expect(200);
    const deposited = await t.http
      .post('/sandbox/toss/test/deposit')
      .send({ paymentKey })
      .expect(200);
    expect(deposited.body).toMatchObject({ status: 'DONE', cashReceipt: null, cashReceipts: null });
    const looked = await t.http.get(`${TOSS}/payments/${paymentKey}`).set(basicAuth()).expect(200);
    expect(looked.body).toMatchObject({ status: 'DONE', cashReceipt: null, cashReceipts: null });
  });
});
