import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { admin } from '../factories/auth.factory';
import { startTestApp, TestApp } from '../setup/test-app';
import { Browser, launchBrowser, RESULTS_DIR } from './browser';

/**
 * The demo's subscription page in a real browser against the built-in sandbox: a card registered in
 * the billing-auth window, a monthly plan subscribed to, the first charge DONE, then a cancel at
 * the period's end; each state read back through the API too.
 */
describe('demo subscription page in a browser (sandbox billing window)', () => {
  let t: TestApp;
  let browser: Browser;
  let page: Page;
  const consoleErrors: string[] = [];
  const PLAN = `데모 월간 ${Date.now().toString(36)}`;

  beforeAll(async () => {
    mkdirSync(RESULTS_DIR, { recursive: true });
    t = await startTestApp();
    // No plan is seeded: the admin makes one, as README's Recurring payments shows.
    const boss = await admin(t.http);
    await t.http
      .post('/api/v1/plans')
      .set(boss.auth)
      .send({ name: PLAN, amount: 9900, intervalUnit: 'MONTH', intervalCount: 1 })
      .expect(201);
    browser = await launchBrowser();
    page = await browser.context.newPage();
    page.on('console', (message) => {
      if (message.type() === 'error')
        consoleErrors.push(`${message.text()} ${message.location().url}`);
    });
    page.on('pageerror', (error) => consoleErrors.push(error.message));
    page.on('response', (response) => {
      if (response.status() >= 400) consoleErrors.push(`${response.status()} ${response.url()}`);
    });
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  async function bearer(): Promise<{ Authorization: string }> {
    // Runs in the page (no DOM types here): the token the demo keeps in sessionStorage.
    const value = await page.evaluate(() => {
      const storage = (globalThis as { sessionStorage?: { getItem(key: string): string | null } })
        .sessionStorage;
      return storage?.getItem('demo.token') ?? null;
    });
    if (!value) throw new Error('the demo stored no token');
    return { Authorization: `Bearer ${value}` };
  }

  it('registers a card in the window, subscribes monthly, shows the first charge DONE, cancels at period end', async () => {
    // From the shop's link, signed in as the shop's throwaway customer.
    await page.goto(`${t.baseUrl}/demo`);
    await page.locator('#account-name').filter({ hasText: '@' }).waitFor();
    await page.getByRole('link', { name: /정기결제/ }).click();
    await page.waitForURL(`${t.baseUrl}/demo/subscription`);
    await page.locator('#cards').getByText('등록된 카드가 없습니다', { exact: false }).waitFor();
    const plan = page.locator(`article[data-plan="${PLAN}"]`);
    expect(await plan.locator('.price').textContent()).toBe('9,900원 / 1개월');
    expect(await plan.getByRole('button', { name: `${PLAN} 구독하기` }).isDisabled()).toBe(true);

    // The billing-auth window opens over the page with the customer's server-made customerKey.
    await page.locator('#add-card:not([disabled])').click();
    const window = page.frameLocator('#toss-sandbox-window').locator('body');
    await window.getByText('SANDBOX', { exact: true }).waitFor();
    const { customerKey } = (
      await t.http
        .get('/api/v1/billing/customer-key')
        .set(await bearer())
        .expect(200)
    ).body;
    expect(await window.locator('#customer-key').textContent()).toBe(customerKey);
    await window.locator('#register').click();

    // Back on this page (successUrl), the card is registered and the query dropped.
    await page.locator('#notice').filter({ hasText: '카드를 등록했습니다' }).waitFor();
    expect(page.url()).toBe(`${t.baseUrl}/demo/subscription`);
    const cardRow = page.locator('#cards li[data-card] [data-field="card"]');
    expect(await cardRow.textContent()).toMatch(/43301234\*{4}123\*$/);
    const cards = await t.http
      .get('/api/v1/billing/cards')
      .set(await bearer())
      .expect(200);
    expect(cards.body.items).toHaveLength(1);

    await plan.getByRole('button', { name: `${PLAN} 구독하기` }).click();
    const subscription = page.locator('#subscriptions article[data-subscription]');
    await subscription.locator('[data-field="status"]').filter({ hasText: '(ACTIVE)' }).waitFor();
    expect(
      await subscription.locator('tr[data-period="1"] [data-field="charge-status"]').textContent(),
    ).toBe('결제 완료 (DONE)');
    expect(await subscription.locator('tr[data-period="1"] td').nth(1).textContent()).toBe(
      '9,900원',
    );
    expect(await subscription.locator('[data-field="next-charge"]').textContent()).toMatch(/\d/);
    expect(await subscription.locator('[data-field="paid-until"]').textContent()).toMatch(/\d/);
    expect(await subscription.locator('[data-field="card"]').textContent()).toBe(
      await cardRow.textContent(),
    );
    await page.screenshot({ path: join(RESULTS_DIR, 'subscription.png'), fullPage: true });

    const id = (await subscription.getAttribute('data-subscription')) ?? '';
    const read = await t.http
      .get(`/api/v1/subscriptions/${id}`)
      .set(await bearer())
      .expect(200);
    expect(read.body).toMatchObject({
      planName: PLAN,
      status: 'ACTIVE',
      amount: 9900,
      cardId: cards.body.items[0].id,
      cancelAtPeriodEnd: false,
      charges: [{ period: 1, attempt: 1, amount: 9900, status: 'DONE' }],
    });
    const order = await t.http
      .get(`/api/v1/orders/${read.body.charges[0].orderId}`)
      .set(await bearer())
      .expect(200);
    expect(order.body.status).toBe('PAID');

    // Cancel at the end of the paid period: still ACTIVE until then, no further charge.
    await subscription.locator('button.cancel-at-end').click();
    await subscription.locator('[data-field="cancel-at-end"]').waitFor();
    expect(await subscription.locator('button.cancel-at-end').count()).toBe(0);
    const canceled = await t.http
      .get(`/api/v1/subscriptions/${id}`)
      .set(await bearer())
      .expect(200);
    expect(canceled.body).toMatchObject({ status: 'ACTIVE', cancelAtPeriodEnd: true });

    expect(consoleErrors).toEqual([]);
  });

  it('a decline in the window comes back as Toss’s code on the page and registers nothing', async () => {
    await page.goto(`${t.baseUrl}/demo/subscription`);
    await page.locator('#cards li[data-card]').first().waitFor();
    const before = await page.locator('#cards li[data-card]').count();
    await page.locator('#add-card:not([disabled])').click();
    const window = page.frameLocator('#toss-sandbox-window').locator('body');
    await window.locator('input[name=outcome][value=decline]').check();
    await window.locator('#decline-code').selectOption('INVALID_STOPPED_CARD');
    await window.locator('#register').click();

    await page.locator('#error').filter({ hasText: 'INVALID_STOPPED_CARD' }).waitFor();
    expect(await page.locator('#error').textContent()).toContain('정지된 카드');
    expect(page.url()).toBe(`${t.baseUrl}/demo/subscription`);
    expect(await page.locator('#cards li[data-card]').count()).toBe(before);
    const cards = await t.http
      .get('/api/v1/billing/cards')
      .set(await bearer())
      .expect(200);
    expect(cards.body.items).toHaveLength(before);
    expect(consoleErrors).toEqual([]);
  });
});
