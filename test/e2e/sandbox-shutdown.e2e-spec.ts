import { Client } from 'pg';
import { startTestApp, TestApp } from '../setup/test-app';
import {
  addFault,
  authorize,
  confirm,
  eventually,
  JsonObject,
  readBack,
  TEST,
} from './sandbox-helpers';

/**
 * Held sockets and delays never keep a shutdown (or Jest) waiting, and the webhook worker
 * defaults to this service's own receiver.
 */
describe('Toss sandbox: shutdown with requests held open', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });

  it('sends webhooks to this service’s own /api/v1/webhooks/toss by default', async () => {
    const payment = await authorize(t.http);
    await confirm(t.http, payment).expect(200);
    const delivery = await eventually(async () => {
      const res = await t.http
        .get(`${TEST}/webhooks`)
        .query({ orderId: payment.orderId })
        .expect(200);
      const [first] = res.body.deliveries as JsonObject[];
      return first?.attempts >= 1 ? first : undefined;
    });
    expect(delivery.url).toBe(`${t.baseUrl}/api/v1/webhooks/toss`);
  });

  it('closes the app promptly while an approved request hangs, a delayed one waits and an unapproved one hangs', async () => {
    const approvedThenHang = await authorize(t.http);
    const delayed = await authorize(t.http);
    const hung = await authorize(t.http);
    await addFault(t.http, { kind: 'APPROVE_THEN_HANG', orderId: approvedThenHang.orderId });
    await addFault(t.http, { kind: 'LATENCY', latencyMs: 60_000, orderId: delayed.orderId });
    await addFault(t.http, { kind: 'HANG', orderId: hung.orderId });
    const settle = (p: PromiseLike<unknown>) =>
      Promise.resolve(p).then(
        () => 'answered',
        (error: { code?: string }) => error.code ?? 'error',
      );
    const calls = [
      settle(confirm(t.http, approvedThenHang)),
      settle(confirm(t.http, delayed)),
      settle(confirm(t.http, hung)),
    ];
    await eventually(async () => {
      const faults = (await t.http.get(`${TEST}/faults`).expect(200)).body.faults as {
        applied: number;
      }[];
      return faults.every((f) => f.applied === 1) ? true : undefined;
    });
    await eventually(async () =>
      (await readBack(t.http, approvedThenHang.orderId)).approvals === 1 ? true : undefined,
    );

    const started = Date.now();
    await t.close();
    expect(Date.now() - started).toBeLessThan(5000);
    // None of them got an answer: their connections were closed.
    expect(await Promise.all(calls)).toEqual(['ECONNRESET', 'ECONNRESET', 'ECONNRESET']);

    const db = new Client({ connectionString: t.databaseUrl });
    await db.connect();
    try {
      const { rows } = await db.query<{ order_id: string; status: string }>(
        'SELECT order_id, status FROM toss_sandbox.sandbox_payments WHERE order_id = ANY($1)',
        [[approvedThenHang.orderId, delayed.orderId, hung.orderId]],
      );
      const status = Object.fromEntries(rows.map((r) => [r.order_id, r.status]));
      expect(status).toEqual({
        [approvedThenHang.orderId]: 'DONE',
        [delayed.orderId]: 'IN_PROGRESS',
        [hung.orderId]: 'IN_PROGRESS',
      });
    } finally {
      await db.end();
    }
  });
});
