import { spawn } from 'node:child_process';
import { join } from 'node:path';
import request from 'supertest';
import TestAgent from 'supertest/lib/agent';
import { chargeOrderId } from '../../src/subscriptions/charge-ids';
import { SubscriptionScheduler } from '../../src/subscriptions/subscription-scheduler';
import { admin, customer, SignedIn } from '../factories/auth.factory';
import { startTestApp, TEST_ADMIN, TestApp, WORKERS_OFF } from '../setup/test-app';
import { createTestDatabase } from '../setup/test-database';
import { expectBooksMatch, expectReportEmpty } from '../support/books';
import { exited, startChildApp } from '../support/child-app';
import { outputOf } from '../support/npm-command';
import { eventually } from '../support/poll';
import { sql } from '../support/sql';
import { addFault, authorizeBilling, readBack } from './sandbox-helpers';

interface SubscriptionView {
  id: string;
  status: string;
  period: number;
  nextChargeAt: string | null;
  charges: { period: number; attempt: number; orderId: string; status: string }[];
}

const ROOT = join(__dirname, '..', '..');

/**
 * Issue 14: a process SIGKILLed after Toss approved a subscription charge and before it recorded
 * it; the next scheduler run finds the charge at Toss by its orderId and the period advances
 * once. And the one-shot `npm run charge-subscriptions` against a DATABASE_URL.
 *
 * Subscriptions here run on the real clock (a child process's SubscriptionClock cannot be spied
 * on): a subscription is made due by ending its trial in the database (anchor and next_charge_at
 * a minute ago), which is the state the trial's end reaches.
 */
describe('Subscriptions: a charge killed mid-call, and the one-shot', () => {
  let databaseUrl: string;
  /** The app that recovers (in-process, on the killed child's database and sandbox rows). */
  let next: TestApp | undefined;
  let boss: SignedIn;

  const planOn = async (http: TestAgent, auth: SignedIn['auth']) =>
    (
      await http
        .post('/api/v1/plans')
        .set(auth)
        .send({
          name: '베이직 월간',
          amount: 9900,
          intervalUnit: 'MONTH',
          intervalCount: 1,
          trialDays: 1,
        })
        .expect(201)
    ).body as { id: string };

  /** A new customer with a card, subscribed to a trial plan: nothing charged yet. */
  const trialingOn = async (http: TestAgent) => {
    const chief = await admin(http);
    const plan = await planOn(http, chief.auth);
    const who = await customer(http);
    const { customerKey } = (
      await http.get('/api/v1/billing/customer-key').set(who.auth).expect(200)
    ).body as { customerKey: string };
    const card = await http
      .post('/api/v1/billing/cards')
      .set(who.auth)
      .send(await authorizeBilling(http, customerKey))
      .expect(201);
    const sub = (
      await http
        .post('/api/v1/subscriptions')
        .set(who.auth)
        .send({ planId: plan.id, cardId: card.body.id as string })
        .expect(201)
    ).body as SubscriptionView;
    expect(sub).toMatchObject({ status: 'TRIALING', period: 1, charges: [] });
    return { who, sub, orderId: chargeOrderId({ subscriptionId: sub.id, period: 1, attempt: 1 }) };
  };

  /** The trial ended a minute ago: the first period is due now. */
  const endTrial = (id: string) =>
    sql(
      databaseUrl,
      `UPDATE subscriptions SET anchor = now() - interval '1 minute',
              next_charge_at = now() - interval '1 minute' WHERE id = $1`,
      [id],
    );

  const chargeRows = (subscriptionId: string) =>
    sql<{ order_id: string; status: string; period: number; attempt: number }>(
      databaseUrl,
      `SELECT order_id, status, period, attempt FROM subscription_charges
        WHERE subscription_id = $1 ORDER BY period, attempt`,
      [subscriptionId],
    );

  const read = async (http: TestAgent, who: SignedIn, id: string) =>
    (await http.get(`/api/v1/subscriptions/${id}`).set(who.auth).expect(200))
      .body as SubscriptionView;

  beforeAll(async () => {
    databaseUrl = await createTestDatabase();
  });

  afterAll(async () => {
    if (!next) return;
    // Closed even when the books fail, so a failing run ends instead of hanging.
    try {
      await expectReportEmpty(next.http, boss.auth);
    } finally {
      await next.close();
    }
  });

  it('SIGKILLed after Toss approved the charge: the next run finds it by orderId, the period advances once', async () => {
    const child = await startChildApp({
      ...WORKERS_OFF,
      TZ: 'UTC',
      ADMIN_EMAIL: TEST_ADMIN.email,
      ADMIN_PASSWORD: TEST_ADMIN.password,
      DATABASE_URL: databaseUrl,
      // The child's scheduler runs on its own, often; its Toss call waits far longer than the test.
      SUBSCRIPTION_SCHEDULER_INTERVAL_MS: '200',
      TOSS_BILLING_TIMEOUT_MS: '60000',
    });
    let killed = false;
    try {
      const http = request(child.baseUrl);
      const { who, sub, orderId } = await trialingOn(http);
      await addFault(http, { kind: 'APPROVE_THEN_HANG', orderId, count: 1 });
      await endTrial(sub.id);
      // The child's scheduler claims it and charges: Toss (its mounted sandbox) approves, then
      // never answers; the child waits for the answer.
      await eventually(
        () => readBack(http, orderId),
        (r) => r.approvals === 1,
        { timeoutMs: 20_000 },
      );
      child.process.kill('SIGKILL');
      killed = true;
      await exited(child.process);
      expect(child.process.signalCode).toBe('SIGKILL');

      // Killed with the approval unrecorded: the charge is IN_PROGRESS, the period not advanced.
      expect(await chargeRows(sub.id)).toEqual([
        { order_id: orderId, status: 'IN_PROGRESS', period: 1, attempt: 1 },
      ]);
      expect(
        await sql(databaseUrl, `SELECT status, period FROM subscriptions WHERE id = $1`, [sub.id]),
      ).toEqual([{ status: 'TRIALING', period: 1 }]);

      next = await startTestApp({ databaseUrl, env: { TOSS_BILLING_TIMEOUT_MS: '1500' } });
      boss = await admin(next.http);
      const scheduler = next.app.get(SubscriptionScheduler);
      // Before the recheck window passes, nothing: the charge is not looked up, and the killed
      // child's lease on the subscription keeps it from being charged again.
      expect(await scheduler.runOnce()).toEqual({ rechecked: 0, claimed: 0, failed: 0 });
      expect(await chargeRows(sub.id)).toMatchObject([{ status: 'IN_PROGRESS' }]);

      // The window passed: found at Toss by orderId and recorded.
      expect(await scheduler.runOnce({ recheckAfterMs: 0 })).toEqual({
        rechecked: 1,
        claimed: 0,
        failed: 0,
      });
      const paid = await read(next.http, who, sub.id);
      expect(paid).toMatchObject({ status: 'ACTIVE', period: 2 });
      expect(paid.charges.map((c) => `${c.period}/${c.attempt}:${c.status}:${c.orderId}`)).toEqual([
        `1/1:DONE:${orderId}`,
      ]);
      const toss = await readBack(next.http, orderId);
      expect(toss.approvals).toBe(1);
      expect(toss.payments).toHaveLength(1);

      // A second run changes nothing.
      expect(await scheduler.runOnce({ recheckAfterMs: 0 })).toEqual({
        rechecked: 0,
        claimed: 0,
        failed: 0,
      });
      expect(await read(next.http, who, sub.id)).toEqual(paid);
      expect((await readBack(next.http, orderId)).approvals).toBe(1);

      const order = await next.http.get(`/api/v1/orders/${orderId}`).set(who.auth).expect(200);
      expect(order.body).toMatchObject({ status: 'PAID', amount: 9900 });
      await expectBooksMatch(next.http, boss.auth, orderId);
    } finally {
      if (!killed) {
        child.process.kill('SIGKILL');
        await exited(child.process);
      }
    }
  }, 90_000);

  it('npm run charge-subscriptions charges a due subscription once and exits 0', async () => {
    if (!next) throw new Error('the first test did not start the app');
    const app = next;
    const { who, sub, orderId } = await trialingOn(app.http);
    await endTrial(sub.id);

    // As the script's header says: DATABASE_URL, and without TOSS_SECRET_KEY the sandbox of the
    // app running on PORT.
    const port = new URL(app.baseUrl).port;
    const child = spawn('npm', ['run', 'charge-subscriptions'], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: databaseUrl, PORT: port },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    const output = outputOf(child);
    try {
      await eventually(
        () => Promise.resolve(child.exitCode),
        (code) => code !== null,
        { timeoutMs: 120_000, intervalMs: 200 },
      ).catch((error: Error) => {
        throw new Error(`${error.message}\n${output()}`);
      });
      expect({ code: child.exitCode, output: output() }).toEqual({
        code: 0,
        output: expect.stringMatching(/"claimed": 1,\s*"failed": 0/),
      });
    } finally {
      if (child.pid && child.exitCode === null) process.kill(-child.pid, 'SIGKILL');
    }

    const paid = await read(app.http, who, sub.id);
    expect(paid).toMatchObject({ status: 'ACTIVE', period: 2 });
    expect(paid.charges.map((c) => `${c.period}/${c.attempt}:${c.status}:${c.orderId}`)).toEqual([
      `1/1:DONE:${orderId}`,
    ]);
    expect((await readBack(app.http, orderId)).approvals).toBe(1);
    const order = await app.http.get(`/api/v1/orders/${orderId}`).set(who.auth).expect(200);
    expect(order.body).toMatchObject({ status: 'PAID', amount: 9900 });
    await expectBooksMatch(app.http, boss.auth, orderId);
  }, 150_000);
});
