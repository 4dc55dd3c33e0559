// The app first: the entities' import cycle resolves from the module graph's root.
import { startTestApp, TestApp } from '../setup/test-app';
import { randomBytes } from 'node:crypto';
import { MetricsService } from '../../src/metrics/metrics.service';
import { ReconcilerService } from '../../src/payments/reconciler.service';
import { customer, SignedIn } from '../factories/auth.factory';
import { createOrder, seedProducts, SeedProduct } from '../factories/catalogue.factory';
import { expectErrorBody } from '../factories/http.factory';
import { authorize, clearFaults, injectFault } from '../factories/sandbox.factory';
import { eventually } from '../support/poll';
import { parseMetrics, Sample, sampleValue } from '../support/prometheus';
import { sql } from '../support/sql';

/** GET /metrics: Prometheus text behind METRICS_TOKEN, fed by HTTP, Toss calls, confirms, the reconciler, webhooks and the orders table. */
describe('GET /metrics (e2e)', () => {
  const token = randomBytes(16).toString('hex');
  let t: TestApp;
  let kim: SignedIn;
  let products: Record<string, SeedProduct>;

  beforeAll(async () => {
    t = await startTestApp({
      env: { METRICS_TOKEN: token, RECONCILE_INTERVAL_MS: '0', TOSS_CONFIRM_RETRIES: '0' },
    });
    products = await seedProducts(t.http);
    kim = await customer(t.http);
  });
  afterEach(() => clearFaults(t.http));
  afterAll(() => t.close());

  async function scrape(): Promise<Sample[]> {
    const res = await t.http.get('/metrics').set('Authorization', `Bearer ${token}`).expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    return parseMetrics(res.text);
  }

  async function checkout(product = '상품1', amount?: number) {
    const order = await createOrder(t.http, kim.auth, [
      { productId: products[product].id, quantity: 1 },
    ]);
    const paymentKey = await authorize(t.http, order);
    return {
      order,
      paymentKey,
      res: await t.http
        .post('/api/v1/payments/confirm')
        .set(kim.auth)
        .send({ paymentKey, orderId: order.orderId, amount: amount ?? order.amount }),
    };
  }

  it('wants the bearer token when METRICS_TOKEN is set, and lives outside /api/v1', async () => {
    const missing = await t.http.get('/metrics');
    expectErrorBody(missing, 401, 'UNAUTHORIZED');
    expect(missing.headers['www-authenticate']).toMatch(/^Bearer/);
    expectErrorBody(
      await t.http.get('/metrics').set('Authorization', `Bearer ${token}x`),
      401,
      'UNAUTHORIZED',
    );
    expectErrorBody(await t.http.get('/metrics').set('Authorization', token), 401, 'UNAUTHORIZED');
    await t.http.get('/api/v1/metrics').expect(404);
    const samples = await scrape();
    expect(sampleValue(samples, 'process_resident_memory_bytes')).toBeGreaterThan(0);
  });

  it('counts confirms by outcome and Toss calls by operation, outcome and code, with durations', async () => {
    expect((await checkout()).res.status).toBe(200);
    expectErrorBody((await checkout('상품1', 1)).res, 400, 'AMOUNT_MISMATCH');
    await injectFault(t.http, {
      kind: 'DECLINE',
      operation: 'confirm',
      code: 'REJECT_CARD_PAYMENT',
    });
    expect((await checkout()).res.body.code).toBe('REJECT_CARD_PAYMENT');
    await clearFaults(t.http);
    await injectFault(t.http, { kind: 'ERROR', operation: 'confirm' });
    await injectFault(t.http, { kind: 'ERROR', operation: 'get' });
    expectErrorBody((await checkout()).res, 502, 'PAYMENT_OUTCOME_UNKNOWN');

    const samples = await scrape();
    expect(
      sampleValue(samples, 'payment_confirms_total', { outcome: 'approved', code: 'none' }),
    ).toBe(1);
    expect(
      sampleValue(samples, 'payment_confirms_total', {
        outcome: 'rejected',
        code: 'AMOUNT_MISMATCH',
      }),
    ).toBe(1);
    expect(
      sampleValue(samples, 'payment_confirms_total', {
        outcome: 'refused',
        code: 'REJECT_CARD_PAYMENT',
      }),
    ).toBe(1);
    expect(
      sampleValue(samples, 'payment_confirms_total', {
        outcome: 'unknown',
        code: 'PAYMENT_OUTCOME_UNKNOWN',
      }),
    ).toBe(1);

    expect(
      sampleValue(samples, 'toss_calls_total', {
        operation: 'confirm',
        outcome: 'ok',
        code: 'none',
      }),
    ).toBeGreaterThanOrEqual(1);
    expect(
      sampleValue(samples, 'toss_calls_total', {
        operation: 'confirm',
        outcome: 'refused',
        code: 'REJECT_CARD_PAYMENT',
      }),
    ).toBe(1);
    expect(
      sampleValue(samples, 'toss_calls_total', {
        operation: 'confirm',
        outcome: 'unknown',
        code: 'FAILED_INTERNAL_SYSTEM_PROCESSING',
      }),
    ).toBeGreaterThanOrEqual(1);
    expect(
      sampleValue(samples, 'toss_call_duration_seconds_count', {
        operation: 'confirm',
        outcome: 'ok',
      }),
    ).toBeGreaterThanOrEqual(1);
    expect(
      sampleValue(samples, 'toss_call_duration_seconds_bucket', {
        operation: 'confirm',
        outcome: 'ok',
        le: '+Inf',
      }),
    ).toBeGreaterThanOrEqual(1);
  });

  it('times HTTP requests by route pattern and status, never by raw URL', async () => {
    const order = await createOrder(t.http, kim.auth, [
      { productId: products['상품2'].id, quantity: 1 },
    ]);
    await t.http.get(`/api/v1/orders/${order.orderId}`).set(kim.auth).expect(200);
    await t.http.get('/api/v1/products').expect(200);
    await t.http.get(`/no-such-page-${randomBytes(4).toString('hex')}`).expect(404);
    const samples = await scrape();
    expect(
      sampleValue(samples, 'http_request_duration_seconds_count', {
        method: 'GET',
        route: '/api/v1/orders/:orderId',
        status_code: '200',
      }),
    ).toBeGreaterThanOrEqual(1);
    expect(
      sampleValue(samples, 'http_request_duration_seconds_count', {
        method: 'GET',
        route: '/api/v1/products',
        status_code: '200',
      }),
    ).toBeGreaterThanOrEqual(1);
    expect(
      sampleValue(samples, 'http_request_duration_seconds_count', {
        method: 'GET',
        route: '(unmatched)',
        status_code: '404',
      }),
    ).toBeGreaterThanOrEqual(1);
    expect(samples.filter((s) => s.labels.route?.includes(order.orderId))).toEqual([]);
  });

  it('reads orders by status from the database on each scrape', async () => {
    const before = sampleValue(await scrape(), 'orders_by_status', { status: 'PENDING' }) ?? 0;
    await createOrder(t.http, kim.auth, [{ productId: products['상품3'].id, quantity: 1 }]);
    const samples = await scrape();
    expect(sampleValue(samples, 'orders_by_status', { status: 'PENDING' })).toBe(before + 1);
    expect(sampleValue(samples, 'orders_by_status', { status: 'PAID' })).toBeGreaterThanOrEqual(1);
    expect(sampleValue(samples, 'orders_by_status', { status: 'REFUNDED' })).toBe(0);
  });

  it('counts reconciler runs with what they settled, and webhook deliveries by type and verdict', async () => {
    // An order left IN_PROGRESS (Toss unreachable), then settled by a reconciler pass.
    await injectFault(t.http, { kind: 'ERROR', operation: 'confirm' });
    await injectFault(t.http, { kind: 'ERROR', operation: 'get' });
    expectErrorBody((await checkout()).res, 502, 'PAYMENT_OUTCOME_UNKNOWN');
    await clearFaults(t.http);
    const report = await t.app.get(ReconcilerService).runOnce({ olderThanMs: 0 });
    expect(report.settled).toBeGreaterThanOrEqual(1);
    const metrics = t.app.get(MetricsService);
    metrics.webhookDelivery('DEPOSIT_CALLBACK', 'applied');
    metrics.webhookDelivery('SOMETHING_ELSE', 'secret mismatch');
    const samples = await scrape();
    expect(sampleValue(samples, 'reconciler_runs_total', { result: 'ok' })).toBeGreaterThanOrEqual(
      1,
    );
    expect(
      sampleValue(samples, 'reconciler_orders_total', { result: 'settled' }),
    ).toBeGreaterThanOrEqual(report.settled);
    expect(
      sampleValue(samples, 'reconciler_orders_total', { result: 'still_unknown' }),
    ).toBeGreaterThanOrEqual(report.stillUnknown);
    expect(sampleValue(samples, 'reconciler_last_still_unknown')).toBe(report.stillUnknown);
    expect(
      sampleValue(samples, 'webhook_deliveries_total', {
        event_type: 'DEPOSIT_CALLBACK',
        verdict: 'applied',
      }),
    ).toBeGreaterThanOrEqual(1);
    expect(
      sampleValue(samples, 'webhook_deliveries_total', {
        event_type: 'other',
        verdict: 'secret_mismatch',
      }),
    ).toBe(1);
  });

  it('counts each webhook the worker processes by its event type and verdict', async () => {
    const counted = (samples: Sample[], event_type: string, verdict: string) =>
      sampleValue(samples, 'webhook_deliveries_total', { event_type, verdict }) ?? 0;
    const before = await scrape();
    const tag = randomBytes(4).toString('hex');
    // Both about an order that is not ours: the sandbox's own deliveries never land in these series.
    await t.http
      .post('/api/v1/webhooks/toss')
      .set('tosspayments-webhook-transmission-id', `metrics-${tag}-1`)
      .send({
        eventType: 'PAYMENT_STATUS_CHANGED',
        data: { paymentKey: `tgen_${tag}`, orderId: `not-ours-${tag}`, status: 'DONE' },
      })
      .expect(200);
    await t.http
      .post('/api/v1/webhooks/toss')
      .set('tosspayments-webhook-transmission-id', `metrics-${tag}-2`)
      .send({ secret: 'ps_forged', status: 'DONE', orderId: `not-ours-${tag}` })
      .expect(200);
    const rows = await eventually(
      () =>
        sql<{ status: string }>(
          t.databaseUrl,
          'SELECT status FROM webhook_deliveries WHERE transmission_id LIKE $1 ORDER BY id',
          [`metrics-${tag}-%`],
        ),
      (found) => found.length === 2 && found.every((r) => r.status !== 'RECEIVED'),
    );
    expect(rows.map((r) => r.status)).toEqual(['IGNORED', 'REJECTED']);

    const expected = {
      ignored: counted(before, 'PAYMENT_STATUS_CHANGED', 'ignored') + 1,
      rejected: counted(before, 'DEPOSIT_CALLBACK', 'rejected') + 1,
    };
    // The worker counts just after it writes the row: a scrape may beat it by a moment.
    const after = await eventually(
      async () => {
        const samples = await scrape();
        return {
          ignored: counted(samples, 'PAYMENT_STATUS_CHANGED', 'ignored'),
          rejected: counted(samples, 'DEPOSIT_CALLBACK', 'rejected'),
        };
      },
      (now) => now.ignored >= expected.ignored && now.rejected >= expected.rejected,
      { timeoutMs: 5_000 },
    );
    expect(after).toEqual(expected);
  });
});
