import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { startTestApp, TestApp } from '../setup/test-app';
import {
  approved,
  authorize,
  cancel,
  confirm,
  eventually,
  JsonObject,
  TEST,
} from './sandbox-helpers';

interface Received {
  headers: IncomingHttpHeaders;
  body: JsonObject;
  at: number;
}

/** Webhooks out (docs/toss.md §7): shapes, headers, retries on non-200, delivery off the request path. */
describe('Toss sandbox: webhooks', () => {
  let t: TestApp;
  let receiver: Server;
  const received: Received[] = [];
  /** Status codes to answer per orderId, in order; 200 once the list is used up. */
  const script = new Map<string, number[]>();
  /** Orders whose first webhook the receiver holds for a while (a slow merchant). */
  const slow = new Set<string>();

  const orderOf = (body: JsonObject): string => (body.data?.orderId ?? body.orderId) as string;
  const eventsFor = (orderId: string) => received.filter((r) => orderOf(r.body) === orderId);

  beforeAll(async () => {
    receiver = createServer((req, res) => {
      let raw = '';
      req.on('data', (chunk: Buffer) => (raw += chunk.toString()));
      req.on('end', () => {
        const body = JSON.parse(raw) as JsonObject;
        received.push({ headers: req.headers, body, at: Date.now() });
        const orderId = orderOf(body);
        const answer = () => res.writeHead(script.get(orderId)?.shift() ?? 200).end();
        if (slow.delete(orderId)) setTimeout(answer, 2000).unref();
        else answer();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks/toss`;
    t = await startTestApp({ env: { SANDBOX_WEBHOOK_URL: url } });
    // The config was read at start-up; do not leak the URL to apps of other test files.
    delete process.env.SANDBOX_WEBHOOK_URL;
  });

  afterAll(async () => {
    await t.close();
    receiver.closeAllConnections();
    await new Promise((resolve) => receiver.close(resolve));
  });

  it('sends PAYMENT_STATUS_CHANGED {eventType, createdAt, data: Payment} with the tosspayments-webhook headers', async () => {
    const payment = await approved(t.http);
    const [event] = await eventually(() =>
      eventsFor(payment.orderId).length > 0 ? eventsFor(payment.orderId) : undefined,
    );
    expect(event.body).toEqual({
      eventType: 'PAYMENT_STATUS_CHANGED',
      createdAt: expect.any(String),
      data: expect.any(Object),
    });
    expect(event.body.createdAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}$/);
    expect(event.body.data).toMatchObject({
      paymentKey: payment.paymentKey,
      orderId: payment.orderId,
      status: 'DONE',
      method: '카드',
      totalAmount: 15000,
    });
    expect(event.headers['content-type']).toMatch(/^application\/json/);
    expect(event.headers['tosspayments-webhook-transmission-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(event.headers['tosspayments-webhook-transmission-time']).toMatch(/\+09:00$/);
    expect(event.headers['tosspayments-webhook-transmission-retried-count']).toBe('0');
    expect(event.headers.authorization).toBeUndefined();
  });

  it('sends DEPOSIT_CALLBACK flat {createdAt, secret, status, transactionKey, orderId} for a virtual account', async () => {
    const payment = await authorize(t.http, { method: 'VIRTUAL_ACCOUNT' });
    const issued = (await confirm(t.http, payment).expect(200)).body;
    await eventually(() => (eventsFor(payment.orderId).length === 2 ? true : undefined));
    const deposited = (
      await t.http.post(`${TEST}/deposit`).send({ orderId: payment.orderId }).expect(200)
    ).body;
    const events = await eventually(() =>
      eventsFor(payment.orderId).length === 4 ? eventsFor(payment.orderId) : undefined,
    );
    const callbacks = events.filter((e) => e.body.eventType === undefined).map((e) => e.body);
    expect(callbacks).toEqual(
      expect.arrayContaining([
        {
          createdAt: expect.any(String),
          secret: issued.secret,
          status: 'WAITING_FOR_DEPOSIT',
          transactionKey: issued.lastTransactionKey,
          orderId: payment.orderId,
        },
        {
          createdAt: expect.any(String),
          secret: issued.secret,
          status: 'DONE',
          transactionKey: deposited.lastTransactionKey,
          orderId: payment.orderId,
        },
      ]),
    );
    const statuses = events
      .filter((e) => e.body.eventType === 'PAYMENT_STATUS_CHANGED')
      .map((e) => e.body.data.status);
    expect(statuses.sort()).toEqual(['DONE', 'WAITING_FOR_DEPOSIT']);
    // The PAYMENT_STATUS_CHANGED payment carries the same secret.
    expect(events.find((e) => e.body.data?.status === 'DONE')?.body.data.secret).toBe(
      issued.secret,
    );
  });

  it('sends ABORTED, EXPIRED, PARTIAL_CANCELED and CANCELED changes; no webhook when the status stays', async () => {
    const declined = await authorize(t.http, { outcome: 'REJECT_CARD_PAYMENT' });
    await confirm(t.http, declined).expect(403);
    const expired = await authorize(t.http, {
      authenticatedAt: new Date(Date.now() - 11 * 60_000).toISOString(),
    });
    const paid = await approved(t.http, { amount: 9000 });
    await cancel(t.http, paid.paymentKey, { cancelReason: 'a', cancelAmount: 1000 }).expect(200);
    await cancel(t.http, paid.paymentKey, { cancelReason: 'b', cancelAmount: 1000 }).expect(200);
    await cancel(t.http, paid.paymentKey, { cancelReason: 'c' }).expect(200);

    const statusOf = (orderId: string) =>
      eventsFor(orderId).map((e) => e.body.data.status as string);
    await eventually(() => (statusOf(declined.orderId).includes('ABORTED') ? true : undefined));
    // Nobody asked about this one: the worker expires it and says so.
    await eventually(() => (statusOf(expired.orderId).includes('EXPIRED') ? true : undefined));
    await eventually(() => (statusOf(paid.orderId).includes('CANCELED') ? true : undefined));
    expect(statusOf(paid.orderId).sort()).toEqual(['CANCELED', 'DONE', 'PARTIAL_CANCELED']);
    const last = eventsFor(paid.orderId).find((e) => e.body.data.status === 'CANCELED')!;
    expect(last.body.data.cancels).toHaveLength(3);
    expect(last.body.data.balanceAmount).toBe(0);
  });

  it('retries a delivery that did not get 200 (any other status, 2xx included) with the same transmission id', async () => {
    const payment = await authorize(t.http);
    script.set(payment.orderId, [500, 204]);
    await confirm(t.http, payment).expect(200);
    const attempts = await eventually(
      () => (eventsFor(payment.orderId).length === 3 ? eventsFor(payment.orderId) : undefined),
      20_000,
    );
    expect(
      attempts.map((a) => a.headers['tosspayments-webhook-transmission-retried-count']),
    ).toEqual(['0', '1', '2']);
    expect(
      new Set(attempts.map((a) => a.headers['tosspayments-webhook-transmission-id'])).size,
    ).toBe(1);
    // Toss's schedule (+1, +4 … minutes) on a seconds scale.
    expect(attempts[1].at - attempts[0].at).toBeGreaterThanOrEqual(900);
    expect(attempts[2].at - attempts[1].at).toBeGreaterThanOrEqual(3900);

    const log = await eventually(async () => {
      const res = await t.http
        .get(`${TEST}/webhooks`)
        .query({ orderId: payment.orderId })
        .expect(200);
      const [delivery] = res.body.deliveries as JsonObject[];
      return delivery?.status === 'DELIVERED' ? delivery : undefined;
    });
    expect(log).toMatchObject({
      eventType: 'PAYMENT_STATUS_CHANGED',
      attempts: 3,
      lastStatusCode: 200,
      payload: { data: { status: 'DONE' } },
    });
    expect(log.url).toMatch(/\/hooks\/toss$/);
  }, 30_000);

  it('never holds the API call for a slow receiver', async () => {
    const payment = await authorize(t.http);
    slow.add(payment.orderId);
    const started = Date.now();
    await confirm(t.http, payment).expect(200);
    expect(Date.now() - started).toBeLessThan(1000);
    await eventually(() => (eventsFor(payment.orderId).length > 0 ? true : undefined));
  });
});
