import { ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import TestAgent from 'supertest/lib/agent';

const PACKAGE = join(__dirname, '..');
const SECRET = `Basic ${Buffer.from('test_sk_bin_e2e:').toString('base64')}`;

/** Polls `probe` until it gives a value (no sleeps beyond the poll interval), or fails at the deadline. */
async function eventually<T>(probe: () => T | undefined, ms: number, what: string): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * `toss-sandbox --port 0` alone, as a benchmark or another app would start it: no database given,
 * so it starts a throwaway PostgreSQL, creates its schema, serves Toss's API and test controls on
 * Toss's paths, and stops cleanly (its database removed) on SIGTERM.
 */
describe('toss-sandbox bin (standalone, throwaway PostgreSQL)', () => {
  let child: ChildProcess;
  let toss: TestAgent;
  let output = '';

  beforeAll(async () => {
    if (!existsSync(join(PACKAGE, 'dist/main.js')))
      throw new Error('dist/ is missing: run "npm run build" in packages/toss-sandbox first');
    const env = { ...process.env };
    delete env.DATABASE_URL;
    delete env.SANDBOX_WEBHOOK_URL;
    child = spawn(process.execPath, ['bin/toss-sandbox.js', '--port', '0'], {
      cwd: PACKAGE,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const baseUrl = await eventually(
      () => {
        if (child.exitCode !== null)
          throw new Error(`the sandbox exited (${child.exitCode}): ${output}`);
        return /TOSS_API_BASE_URL=(http:\/\/127\.0\.0\.1:\d+\/sandbox\/toss)/.exec(output)?.[1];
      },
      90_000,
      'the sandbox to listen',
    );
    toss = request(baseUrl);
  }, 120_000);

  afterAll(() => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
  });

  it('authorizes, confirms and reads back a payment as Toss would', async () => {
    const orderId = `bin-${Date.now().toString(36)}`;
    const authorized = await toss
      .post('/test/authorize')
      .send({ orderId, amount: 15000, orderName: '상품3' })
      .expect(200);
    const { paymentKey } = authorized.body as { paymentKey: string };

    await toss
      .post('/v1/payments/confirm')
      .send({ paymentKey, orderId, amount: 15000 })
      .expect(401);
    const confirmed = await toss
      .post('/v1/payments/confirm')
      .set('Authorization', SECRET)
      .send({ paymentKey, orderId, amount: 15000 })
      .expect(200);
    expect(confirmed.body).toMatchObject({
      paymentKey,
      orderId,
      status: 'DONE',
      totalAmount: 15000,
    });

    const readBack = await toss.get('/test/payments').query({ orderId }).expect(200);
    expect(readBack.body).toMatchObject({ approvals: 1 });
  });

  it('serves the stand-in payment window and SDK', async () => {
    const origin = /TOSS_API_BASE_URL=(http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1] ?? '';
    const sdk = await request(origin).get('/sandbox/sdk.js').expect(200);
    expect(sdk.text).toContain('TossPayments');
    const window = await request(origin).get('/sandbox/checkout').expect(200);
    expect(window.text).toContain('sandbox-data');
  });

  it('stops cleanly on SIGTERM', async () => {
    const exited = new Promise<number | null>((resolve) =>
      child.once('exit', (code) => resolve(code)),
    );
    child.kill('SIGTERM');
    await expect(exited).resolves.toBe(0);
  });
});
