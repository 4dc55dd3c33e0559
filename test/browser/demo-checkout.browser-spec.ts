import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { createOrder, seedProducts } from '../factories/catalogue.factory';
import { startTestApp, TestApp } from '../setup/test-app';
import { Browser, eventually, launchBrowser, RESULTS_DIR } from './browser';

/**
 * The demo checkout in a real browser against the built-in sandbox: shop → order → stand-in Toss
 * window → successUrl page that confirms → receipt; the order's final state read through the API.
 */
describe('demo checkout in a browser (sandbox payment window)', () => {
  let t: TestApp;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    mkdirSync(RESULTS_DIR, { recursive: true });
    t = await startTestApp();
    browser = await launchBrowser();
    page = await browser.context.newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const field = (name: string) => page.locator(`#receipt [data-field="${name}"]`);

  async function token(): Promise<string> {
    // Runs in the page (no DOM types here): the token the demo keeps in sessionStorage.
    const value = await page.evaluate(() => {
      const storage = (globalThis as { sessionStorage?: { getItem(key: string): string | null } })
        .sessionStorage;
      return storage?.getItem('demo.token') ?? null;
    });
    if (!value) throw new Error('the demo stored no token');
    return value;
  }

  async function orderStatus(orderId: string): Promise<string> {
    const res = await t.http
      .get(`/api/v1/orders/${orderId}`)
      .set('Authorization', `Bearer ${await token()}`)
      .expect(200);
    return res.body.status;
  }

  /** In the shop: one of each of `products` in the cart, and `method` chosen. */
  async function fillCart(products: string | string[], method: string): Promise<void> {
    await page.goto(`${t.baseUrl}/demo`);
    await page.locator('#account-name').filter({ hasText: '@' }).waitFor();
    for (const product of typeof products === 'string' ? [products] : products) {
      await page
        .locator(`article[data-product="${product}"]`)
        .getByRole('button', { name: `${product} 하나 더하기` })
        .click();
    }
    await page
      .locator('input[name=method]')
      .and(page.locator(`[value="${method}"]`))
      .check();
  }

  /** Pay for the cart and arrive in the sandbox window. */
  async function pay(): Promise<void> {
    await page.locator('#pay:not([disabled])').click();
    await page.waitForURL(/\/sandbox\/checkout\?/);
    await page.getByText('SANDBOX', { exact: true }).waitFor();
  }

  /** From the shop: one of each of `products`, pay with `method`, and arrive in the sandbox window. */
  async function openWindow(
    products: string | string[],
    method: string,
    screenshot?: string,
  ): Promise<void> {
    await fillCart(products, method);
    if (screenshot) await page.screenshot({ path: join(RESULTS_DIR, screenshot), fullPage: true });
    await pay();
  }

  async function api(path: string) {
    return t.http
      .get(`/api/v1${path}`)
      .set('Authorization', `Bearer ${await token()}`)
      .expect(200);
  }

  it('buys 상품1 by card: the window approves, the success page confirms and shows the receipt', async () => {
    await openWindow('상품1', 'CARD', 'shop.png');
    expect(await page.locator('#amount').textContent()).toBe('5,000원');
    expect(await page.locator('input[name=method][value="카드"]').isChecked()).toBe(true);
    await page.screenshot({ path: join(RESULTS_DIR, 'sandbox-window.png'), fullPage: true });
    await page.locator('#pay').click();

    await page.waitForURL(/\/demo\/payments\/success\?/);
    const success = new URL(page.url());
    expect(success.searchParams.get('paymentType')).toBe('NORMAL');
    expect(success.searchParams.get('amount')).toBe('5000');
    expect(success.searchParams.get('paymentKey')).toMatch(/^tgen_/);

    await page.locator('#title').filter({ hasText: '결제가 완료되었습니다' }).waitFor();
    expect(await field('method').textContent()).toBe('카드');
    expect(await field('amount').textContent()).toBe('5,000원');
    expect(await field('card-number').textContent()).toMatch(/^\d{8}\*{4}\d{3}\*$/);
    const orderId = (await field('order-id').textContent()) ?? '';
    expect(orderId).toBe(success.searchParams.get('orderId'));
    await page.screenshot({ path: join(RESULTS_DIR, 'receipt-card.png'), fullPage: true });

    expect(await orderStatus(orderId)).toBe('PAID');

    // A reload shows the order (as the server's redirect mode lands: ?orderId=…) instead of confirming again.
    await page.reload();
    expect(new URL(page.url()).search).toBe(`?orderId=${orderId}`);
    await page.locator('#title').filter({ hasText: '결제가 완료되었습니다' }).waitFor();
    expect(await field('order-status').textContent()).toBe('결제 완료 (PAID)');
  });

  it('buys 상품1 and the tax-free 도서 by card: the window is told taxFreeAmount, the receipt shows the tax-free part', async () => {
    await fillCart(['상품1', '도서'], 'CARD');
    await page
      .locator('article[data-product="도서"] [data-tax-class="TAX_FREE"]')
      .filter({ hasText: '면세' })
      .waitFor();
    expect(await page.locator('article[data-product="상품1"] [data-tax-class]').count()).toBe(0);
    expect(await page.locator('#total').textContent()).toBe('8,000원');
    expect(await page.locator('#tax-free').textContent()).toBe('면세 3,000원 포함');
    expect(await page.locator('#lines li[data-line="도서"]').textContent()).toContain('면세');
    await page.screenshot({ path: join(RESULTS_DIR, 'shop-tax-free.png'), fullPage: true });
    await pay();

    // The window got the server's tax-free part in requestPayment (Toss reads it only there).
    expect(new URL(page.url()).searchParams.get('taxFreeAmount')).toBe('3000');
    expect(await page.locator('#amount').textContent()).toBe('8,000원');
    expect(await page.locator('#tax-free').textContent()).toBe('3,000원');
    await page.locator('#pay').click();

    await page.waitForURL(/\/demo\/payments\/success\?/);
    await page.locator('#title').filter({ hasText: '결제가 완료되었습니다' }).waitFor();
    expect(await field('amount').textContent()).toBe('8,000원');
    expect(await field('tax-free').textContent()).toBe('면세 3,000원 포함');
    expect(await field('tax-free-items').textContent()).toBe('도서 × 1');
    // Toss's VAT of the taxable part: round(5,000 / 11).
    expect(await field('vat').textContent()).toBe('455원');
    const items = page.locator('#items li');
    expect(await items.count()).toBe(2);
    expect(await items.nth(0).getAttribute('data-tax-class')).toBe('TAXABLE');
    expect(await items.nth(1).getAttribute('data-tax-class')).toBe('TAX_FREE');
    expect(await items.nth(1).textContent()).toContain('면세');
    // A card payment gets no cash receipt.
    expect(await page.locator('#cash-receipt').isHidden()).toBe(true);
    await page.screenshot({ path: join(RESULTS_DIR, 'receipt-tax-free.png'), fullPage: true });

    const orderId = (await field('order-id').textContent()) ?? '';
    const order = (await api(`/orders/${orderId}`)).body;
    expect(order).toMatchObject({ status: 'PAID', amount: 8000, taxFreeAmount: 3000 });
    const payment = (await api(`/payments/${order.payment.paymentKey}`)).body;
    expect(payment).toMatchObject({ totalAmount: 8000, taxFreeAmount: 3000 });
  });

  it('shows Toss’s reason on the success page when the confirm is declined', async () => {
    await openWindow('상품1', 'CARD');
    await page.locator('input[name=outcome][value=decline-at-confirm]').check();
    await page.locator('#decline-code').selectOption('REJECT_CARD_PAYMENT');
    await page.locator('#pay').click();

    await page.waitForURL(/\/demo\/payments\/success\?/);
    await page
      .locator('#error [data-field="code"]')
      .filter({ hasText: 'REJECT_CARD_PAYMENT' })
      .waitFor();
    expect(await page.locator('#title').textContent()).toContain('결제를 완료하지 못했습니다');
    expect(await orderStatus(new URL(page.url()).searchParams.get('orderId') ?? '')).toBe(
      'PENDING',
    );
  });

  it('buys 상품2 by virtual account, then the simulated deposit makes the order PAID', async () => {
    await openWindow('상품2', 'VIRTUAL_ACCOUNT');
    expect(await page.locator('#amount').textContent()).toBe('10,000원');
    expect(await page.locator('input[name=method][value="가상계좌"]').isChecked()).toBe(true);
    await page.locator('select[name=bank]').selectOption('88');
    await page.locator('#pay').click();

    await page.waitForURL(/\/demo\/payments\/success\?/);
    await page.locator('#title').filter({ hasText: '가상계좌가 발급되었습니다' }).waitFor();
    expect(await field('method').textContent()).toBe('가상계좌');
    expect(await field('amount').textContent()).toBe('10,000원');
    expect(await field('bank').textContent()).toBe('신한은행 (88)');
    expect(await field('account-number').textContent()).toMatch(/^X\d+$/);
    expect(await field('due-date').textContent()).toMatch(/\d/);
    const orderId = (await field('order-id').textContent()) ?? '';
    expect(await orderStatus(orderId)).toBe('WAITING_FOR_DEPOSIT');
    await page.screenshot({
      path: join(RESULTS_DIR, 'receipt-virtual-account.png'),
      fullPage: true,
    });

    // The customer pays into the account: POST /sandbox/toss/test/deposit (the page's sandbox button).
    await page.locator('#deposit').click();
    await eventually(
      () => orderStatus(orderId),
      (status) => status === 'PAID',
    );
    await page.locator('#title').filter({ hasText: '결제가 완료되었습니다' }).waitFor();
    await page.screenshot({
      path: join(RESULTS_DIR, 'receipt-virtual-account-paid.png'),
      fullPage: true,
    });
  });

  it('requests a cash receipt from the receipt page for a virtual-account payment made without one', async () => {
    await openWindow('상품2', 'VIRTUAL_ACCOUNT');
    await page.locator('select[name=bank]').selectOption('20');
    await page.locator('#pay').click();
    await page.waitForURL(/\/demo\/payments\/success\?/);
    await page.locator('#title').filter({ hasText: '가상계좌가 발급되었습니다' }).waitFor();
    const orderId = (await field('order-id').textContent()) ?? '';
    // Not paid yet: nothing to issue a receipt for (checked once the page has asked the server).
    await page.locator('#cash-receipt[data-checked]').waitFor({ state: 'attached' });
    expect(await page.locator('#cash-receipt').isHidden()).toBe(true);

    await page.locator('#deposit').click();
    await page.locator('#title').filter({ hasText: '결제가 완료되었습니다' }).waitFor();
    const form = page.locator('#cash-receipt-form');
    await form.waitFor();
    expect(await page.locator('#cash-receipt-info').isHidden()).toBe(true);
    await form.locator('input[name=type][value="소득공제"]').check();
    // Too short: the server's 400 is shown and the form stays.
    await form.locator('input[name=identityNumber]').fill('12345');
    await page.locator('#cash-receipt-submit').click();
    await page
      .locator('#cash-receipt-error [data-field="code"]')
      .filter({ hasText: 'VALIDATION_ERROR' })
      .waitFor();
    expect(await form.isVisible()).toBe(true);
    // Typed with hyphens, as people do; the page sends digits only.
    await form.locator('input[name=identityNumber]').fill('010-1234-5678');
    await page.screenshot({ path: join(RESULTS_DIR, 'cash-receipt-form.png'), fullPage: true });
    await page.locator('#cash-receipt-submit').click();

    const info = page.locator('#cash-receipt-info');
    await info.and(page.locator('[data-status="ISSUED"]')).waitFor();
    expect(await page.locator('#cash-receipt-error').isHidden()).toBe(true);
    const receiptField = (name: string) => info.locator(`[data-field="${name}"]`);
    expect(await receiptField('cash-receipt-source').textContent()).toContain('결제 후 요청');
    expect(await receiptField('cash-receipt-type').textContent()).toBe('소득공제');
    expect(await receiptField('cash-receipt-number').textContent()).toBe('*******5678');
    expect(await receiptField('cash-receipt-amount').textContent()).toBe('10,000원');
    expect(await receiptField('cash-receipt-status').textContent()).toBe('발급 완료 (ISSUED)');
    expect(await receiptField('cash-receipt-url').getAttribute('href')).toMatch(/^https?:\/\//);
    expect(await form.isHidden()).toBe(true);
    // The number is nowhere on the page once sent.
    expect(await form.locator('input[name=identityNumber]').inputValue()).toBe('');
    expect(await page.content()).not.toMatch(/01012345678|010-1234-5678/);
    await page.screenshot({ path: join(RESULTS_DIR, 'cash-receipt-issued.png'), fullPage: true });

    const order = (await api(`/orders/${orderId}`)).body;
    expect(order.status).toBe('PAID');
    const receipt = (await api(`/payments/${order.payment.paymentKey}/cash-receipt`)).body;
    expect(receipt).toMatchObject({
      source: 'REQUESTED',
      type: '소득공제',
      identityNumber: '*******5678',
      amount: 10_000,
      taxFreeAmount: 0,
      status: 'ISSUED',
    });

    // Later visits show the receipt and no form.
    await page.goto(`${t.baseUrl}/demo/payments/success?orderId=${orderId}`);
    await info.and(page.locator('[data-status="ISSUED"]')).waitFor();
    expect(await receiptField('cash-receipt-number').textContent()).toBe('*******5678');
    expect(await form.isHidden()).toBe(true);
  });

  it('shows the cash receipt the payment window issued, and offers no other', async () => {
    await page.goto(`${t.baseUrl}/demo`);
    await page.locator('#account-name').filter({ hasText: '@' }).waitFor();
    const auth = { Authorization: `Bearer ${await token()}` };
    // The window step without the window: a transfer whose customer asked for a receipt there.
    const order = await createOrder(t.http, auth, [
      { productId: (await seedProducts(t.http))['도서'].id, quantity: 2 },
    ]);
    expect(order).toMatchObject({ amount: 6000, taxFreeAmount: 6000 });
    const authorized = await t.http
      .post('/sandbox/toss/test/authorize')
      .send({
        orderId: order.orderId,
        amount: order.amount,
        orderName: order.orderName,
        method: 'TRANSFER',
        taxFreeAmount: order.taxFreeAmount,
        cashReceipt: { type: '지출증빙', customerIdentityNumber: '1234567890' },
      })
      .expect(200);
    await t.http
      .post('/api/v1/payments/confirm')
      .set(auth)
      .send({
        paymentKey: authorized.body.paymentKey,
        orderId: order.orderId,
        amount: order.amount,
      })
      .expect(200);

    await page.goto(`${t.baseUrl}/demo/payments/success?orderId=${order.orderId}`);
    await page.locator('#title').filter({ hasText: '결제가 완료되었습니다' }).waitFor();
    expect(await field('tax-free').textContent()).toBe('면세 6,000원 포함');
    const info = page.locator('#cash-receipt-info');
    await info.waitFor();
    const receiptField = (name: string) => info.locator(`[data-field="${name}"]`);
    expect(await receiptField('cash-receipt-source').textContent()).toContain('결제창에서 발급');
    expect(await receiptField('cash-receipt-type').textContent()).toBe('지출증빙');
    expect(await receiptField('cash-receipt-number').textContent()).toBe('******7890');
    expect(await receiptField('cash-receipt-amount').textContent()).toBe(
      '6,000원 (면세 6,000원 포함)',
    );
    expect(await page.locator('#cash-receipt-form').isHidden()).toBe(true);
    await page.screenshot({ path: join(RESULTS_DIR, 'cash-receipt-window.png'), fullPage: true });
  });

  it('closing the window lands on the fail page with PAY_PROCESS_CANCELED and the order stays payable', async () => {
    await openWindow('상품1', 'CARD');
    await page.locator('#cancel').click();

    await page.waitForURL(/\/demo\/payments\/fail\?/);
    const fail = new URL(page.url());
    expect(fail.searchParams.get('code')).toBe('PAY_PROCESS_CANCELED');
    expect(fail.searchParams.has('orderId')).toBe(false);
    expect(await page.locator('#code').textContent()).toBe('PAY_PROCESS_CANCELED');
    // The tab remembers the order Toss did not name.
    const orderId = await page.locator('#order-id').filter({ hasText: /-/ }).textContent();
    await page.locator('#order-status').filter({ hasText: 'PENDING' }).waitFor();
    expect(await orderStatus(orderId ?? '')).toBe('PENDING');
  });

  it('a decline in the window reports Toss’s code and message on the fail page', async () => {
    await openWindow('상품1', 'CARD');
    await page.locator('input[name=outcome][value=decline]').check();
    await page.locator('#decline-code').selectOption('INVALID_CARD_EXPIRATION');
    await page.locator('#pay').click();

    await page.waitForURL(/\/demo\/payments\/fail\?/);
    const fail = new URL(page.url());
    expect(fail.searchParams.get('code')).toBe('INVALID_CARD_EXPIRATION');
    expect(fail.searchParams.get('orderId')).toMatch(/^[A-Za-z0-9_-]{6,64}$/);
    expect(await page.locator('#message').textContent()).toContain('유효기간');
  });
});
