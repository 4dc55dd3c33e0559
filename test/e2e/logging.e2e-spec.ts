import { INestApplication } from '@nestjs/common';
import { randomBytes, randomInt } from 'node:crypto';
import { createServer } from 'node:net';
import request from 'supertest';
import TestAgent from 'supertest/lib/agent';
import { createApp } from '../../src/bootstrap';
import { createSandboxApp } from 'toss-sandbox';
import { login } from '../factories/auth.factory';
import { createOrder, seedProducts } from '../factories/catalogue.factory';
import { TEST_ADMIN } from '../setup/test-app';
import { createTestDatabase } from '../setup/test-database';
import { LogCapture } from '../support/log-capture';
import { eventually } from '../support/poll';
import { sql } from '../support/sql';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/**
 * The app's logs of a whole checkout (card, and a virtual account paid and refunded), captured as
 * JSON lines: every line of a request and of the Toss calls it makes carries the request id, and no
 * credential or secret appears anywhere. Toss is the standalone sandbox, reached with a real secret
 * key, so the Basic credential crosses the app as it would in production.
 */
describe('logs (e2e)', () => {
  const capture = new LogCapture();
  const tossSecretKey = `test_sk_logs_${randomBytes(12).toString('hex')}`;
  const jwtSecret = randomBytes(32).toString('hex');
  const customerPassword = `pw-${randomBytes(10).toString('hex')}`;
  const refundAccountNumber = `${randomInt(100_000, 999_999)}${randomInt(100_000, 999_999)}77`;
  let sandbox: INestApplication;
  let app: INestApplication;
  let http: TestAgent;
  let toss: TestAgent;
  let databaseUrl: string;

  beforeAll(async () => {
    databaseUrl = await createTestDatabase();
    const appPort = await freePort();
    sandbox = await createSandboxApp({
      databaseUrl,
      logger: false,
      webhookUrl: `http://127.0.0.1:${appPort}/api/v1/webhooks/toss`,
      pollIntervalMs: 50,
    });
    await sandbox.listen(0, '127.0.0.1');
    const sandboxUrl = `http://127.0.0.1:${(sandbox.getHttpServer().address() as { port: number }).port}`;
    Object.assign(process.env, {
      TZ: 'UTC',
      ADMIN_EMAIL: TEST_ADMIN.email,
      ADMIN_PASSWORD: TEST_ADMIN.password,
      TOSS_SECRET_KEY: tossSecretKey,
      TOSS_API_BASE_URL: `${sandboxUrl}/sandbox/toss`,
      SANDBOX_ENABLED: 'false',
      JWT_SECRET: jwtSecret,
      LOG_LEVEL: 'trace',
      RECONCILE_INTERVAL_MS: '0',
      RECONCILE_AUDIT_INTERVAL_MS: '0',
    });
    app = await createApp({ databaseUrl, migrationsRun: false, logDestination: capture });
    await app.listen(appPort, '127.0.0.1');
    http = request(`http://127.0.0.1:${appPort}`);
    toss = request(sandboxUrl);
  });

  afterAll(async () => {
    await app?.close();
    await sandbox?.close();
  });

  it('carries the request id on every line of a request and its Toss calls, and no secret anywhere', async () => {
    const products = await seedProducts(http);
    const email = `logs-${randomBytes(4).toString('hex')}@test.local`;
    await http
      .post('/api/v1/auth/register')
      .send({ email, password: customerPassword, name: '로그고객' })
      .expect(201);
    const kim = await login(http, email, customerPassword);
    const boss = await login(http, TEST_ADMIN.email, TEST_ADMIN.password);

    // Card.
    const card = await createOrder(http, kim.auth, [
      { productId: products['상품1'].id, quantity: 1 },
    ]);
    const cardKey = await authorize(card, 'CARD');
    await http
      .post('/api/v1/payments/confirm')
      .set(kim.auth)
      .set('X-Request-Id', 'logs-card-confirm')
      .send({ paymentKey: cardKey, orderId: card.orderId, amount: card.amount })
      .expect(200);

    // Virtual account: issued, paid (DEPOSIT_CALLBACK with its secret), refunded to an account.
    const va = await createOrder(http, kim.auth, [
      { productId: products['상품2'].id, quantity: 1 },
    ]);
    const vaKey = await authorize(va, 'VIRTUAL_ACCOUNT');
    await http
      .post('/api/v1/payments/confirm')
      .set(kim.auth)
      .set('X-Request-Id', 'logs-va-confirm')
      .send({ paymentKey: vaKey, orderId: va.orderId, amount: va.amount })
      .expect(200);
    await toss.post('/sandbox/toss/test/deposit').send({ orderId: va.orderId }).expect(200);
    await eventually(
      async () =>
        (await http.get(`/api/v1/orders/${va.orderId}`).set(kim.auth).expect(200)).body
          .status as string,
      (status) => status === 'PAID',
    );
    await http
      .post(`/api/v1/payments/${vaKey}/cancel`)
      .set(boss.auth)
      .send({
        cancelReason: '고객 변심',
        refundReceiveAccount: {
          bank: '88',
          accountNumber: refundAccountNumber,
          holderName: '로그고객',
        },
      })
      .expect(200);

    // A card for recurring payments: registered, then deleted (at Toss too, whose BILLING_DELETED
    // comes back as a webhook). Its billing key and the customerKey are secrets.
    const customerKey = (await http.get('/api/v1/billing/customer-key').set(kim.auth).expect(200))
      .body.customerKey as string;
    const billingAuth = await toss
      .post('/sandbox/toss/test/billing/authorize')
      .send({ customerKey, cardNumber: '4330123412341234' })
      .expect(200);
    const registered = await http
      .post('/api/v1/billing/cards')
      .set(kim.auth)
      .send({ authKey: billingAuth.body.authKey, customerKey })
      .expect(201);
    const billingKey = (
      await toss.get('/sandbox/toss/test/billing').query({ customerKey }).expect(200)
    ).body.billingKeys[0].billingKey as string;
    await http.delete(`/api/v1/billing/cards/${registered.body.id}`).set(kim.auth).expect(204);
    await eventually(
      async () =>
        sql<{ status: string }>(
          databaseUrl,
          `SELECT status FROM webhook_deliveries WHERE event_type = 'BILLING_DELETED'`,
        ),
      (rows) => rows.length === 1 && rows[0].status === 'PROCESSED',
    );

    const [{ secret: vaSecret }] = await sql<{ secret: string }>(
      databaseUrl,
      'SELECT secret FROM payments WHERE payment_key = $1',
      [vaKey],
    );
    expect(vaSecret).toEqual(expect.any(String));

    const records = capture.records();
    // The confirm's own lines: the request line and the Toss call it made, all with its id.
    for (const id of ['logs-card-confirm', 'logs-va-confirm']) {
      const lines = records.filter((r) => r.reqId === id);
      expect(lines.map((r) => r.msg)).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/^toss confirm 200 in \d+ ms$/),
          expect.stringMatching(/^POST \/api\/v1\/payments\/confirm 200 \d+ ms$/),
        ]),
      );
    }
    // Every Toss call the app made carries an id: the request's (confirms, the refund), or the
    // webhook delivery's for the webhooks' read-backs, which the background worker may run.
    const tossLines = records.filter((r) => r.context === 'TossClient');
    expect(tossLines.length).toBeGreaterThanOrEqual(4);
    expect(tossLines.filter((r) => typeof r.reqId !== 'string' || r.reqId === '')).toEqual([]);
    const readBacks = tossLines.filter((r) => /^toss get /.test(String(r.msg)));
    expect(readBacks.length).toBeGreaterThanOrEqual(1);
    expect(readBacks.filter((r) => !/^webhook-\d+$/.test(String(r.reqId)))).toEqual([]);

    const secrets: Record<string, string> = {
      'customer password': customerPassword,
      'admin password': TEST_ADMIN.password,
      'customer access token': kim.token,
      'admin access token': boss.token,
      'Toss secret key': tossSecretKey,
      'Toss Basic credential': Buffer.from(`${tossSecretKey}:`).toString('base64'),
      'JWT secret': jwtSecret,
      'virtual account secret': vaSecret,
      'refund account number': refundAccountNumber,
      'billing key': billingKey,
      customerKey,
      'billing authKey': billingAuth.body.authKey as string,
    };
    const text = capture.text();
    expect(text.length).toBeGreaterThan(1000);
    const leaked = Object.entries(secrets)
      .filter(([, value]) => text.includes(value))
      .map(([name]) => name);
    expect(leaked).toEqual([]);
  });

  async function authorize(
    order: { orderId: string; amount: number; orderName?: string },
    method: string,
  ): Promise<string> {
    const res = await toss
      .post('/sandbox/toss/test/authorize')
      .send({ orderId: order.orderId, amount: order.amount, orderName: order.orderName, method })
      .expect(200);
    return res.body.paymentKey as string;
  }
});
