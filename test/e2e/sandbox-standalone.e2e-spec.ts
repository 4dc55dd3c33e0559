import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import request from 'supertest';
import TestAgent from 'supertest/lib/agent';
import { startTestApp, TestApp } from '../setup/test-app';
import { authorize, basicAuth, confirm, eventually, readBack, TEST, TOSS } from './sandbox-helpers';

/**
 * `npm run sandbox` as its own process on the same database as an app instance: the row lock keeps
 * concurrent confirms of one payment safe across processes, and the standalone server shuts down
 * cleanly on SIGTERM.
 */
describe('Toss sandbox: standalone server and several instances on one database', () => {
  let t: TestApp;
  let child: ChildProcess;
  let standalone: TestAgent;
  let output = '';

  beforeAll(async () => {
    t = await startTestApp();
    const root = join(__dirname, '..', '..');
    child = spawn(process.execPath, ['packages/toss-sandbox/bin/toss-sandbox.js', '--port', '0'], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: t.databaseUrl, NODE_ENV: 'test' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const baseUrl = await eventually(
      () => {
        if (child.exitCode !== null)
          throw new Error(`the sandbox exited (${child.exitCode}): ${output}`);
        return /TOSS_API_BASE_URL=(http:\/\/127\.0\.0\.1:\d+)\/sandbox\/toss/.exec(output)?.[1];
      },
      60_000,
      'the standalone sandbox to listen',
    );
    standalone = request(baseUrl);
  }, 90_000);

  afterAll(async () => {
    if (child.exitCode === null) child.kill('SIGKILL');
    await t.close();
  });

  it('serves the same Toss API and test controls', async () => {
    const payment = await authorize(standalone);
    const res = await confirm(standalone, payment).expect(200);
    expect(res.body).toMatchObject({ status: 'DONE', paymentKey: payment.paymentKey });
    const unauthorized = await standalone.get(`${TOSS}/payments/${payment.paymentKey}`);
    expect(unauthorized.body).toEqual({ code: 'UNAUTHORIZED_KEY', message: expect.any(String) });
  });

  it('approves exactly once when confirms of one payment race across the two processes', async () => {
    const payment = await authorize(t.http);
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) => confirm(i % 2 ? t.http : standalone, payment)),
    );
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    expect(results.filter((r) => r.status !== 200).map((r) => r.body.code)).toEqual(
      Array(11).fill('ALREADY_PROCESSED_PAYMENT'),
    );
    const seen = await standalone
      .get(`${TOSS}/payments/${payment.paymentKey}`)
      .set(basicAuth())
      .expect(200);
    expect(seen.body.status).toBe('DONE');
    expect(await readBack(t.http, payment.orderId)).toMatchObject({
      approvals: 1,
      confirmCalls: 12,
    });
  });

  it('sends no webhooks without --webhook-url (no endpoint registered), while the mounted sandbox does', async () => {
    const deliveries = async (orderId: string) =>
      (await standalone.get(`${TEST}/webhooks`).query({ orderId }).expect(200)).body
        .deliveries as unknown[];
    const alone = await authorize(standalone);
    await confirm(standalone, alone).expect(200);
    const mounted = await authorize(t.http);
    await confirm(t.http, mounted).expect(200);
    // Both wrote to the same tables: the mounted sandbox's approval queued its webhook …
    expect(await deliveries(mounted.orderId)).toHaveLength(1);
    // … the standalone one's queued none.
    expect(await deliveries(alone.orderId)).toEqual([]);
  });

  it('stops cleanly on SIGTERM', async () => {
    const exited = new Promise<number | null>((resolve) =>
      child.once('exit', (code) => resolve(code)),
    );
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(output).toContain('SIGTERM received');
  });
});
