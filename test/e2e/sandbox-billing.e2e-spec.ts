import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { Response } from 'supertest';
import {
  answerProblems,
  committedDocument,
  SandboxDocument,
} from '../../packages/toss-sandbox/test/openapi-check';
import { startTestApp, TestApp } from '../setup/test-app';
import {
  addFault,
  authorizeBilling,
  basicAuth,
  BillingKey,
  billingKeyFor,
  chargeBillingKey,
  eventually,
  issueBillingKey,
  JsonObject,
  newCustomerKey,
  newOrderId,
  readBack,
  TEST,
  TOSS,
} from './sandbox-helpers';

const KST = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+09:00$/;
const WEBHOOK_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}$/;

interface Received {
  headers: IncomingHttpHeaders;
  body: JsonObject;
}

/**
 * Recurring payments (자동결제) as the sandbox emulates Toss's billing API: the billing-auth
 * window's authKey, issue, charge (a BILLING payment the payment API reads and refunds), delete and
 * BILLING_DELETED, Idempotency-Key, faults per billing key, the sandbox clock. Every answer is
 * checked against the sandbox's OpenAPI document.
 */
describe('Toss sandbox: recurring payments (billing)', () => {
  let t: TestApp;
  let receiver: Server;
  const received: Received[] = [];
  const doc: SandboxDocument = committedDocument();

  /** The answer, once checked against the document (status documented, body by its schema). */
  const documented = (res: Response): Response => {
    const request = res.request as unknown as { method: string; url: string };
    const path = new URL(request.url).pathname;
    expect(answerProblems(doc, request.method, path, res.status, res.body)).toEqual([]);
    return res;
  };
  const charge = async (key: BillingKey, body: JsonObject = {}, headers = {}) =>
    documented(
      await chargeBillingKey(
        t.http,
        key.billingKey,
        {
          customerKey: key.customerKey,
          amount: 9900,
          orderId: newOrderId(),
          orderName: '베이직 구독',
          ...body,
        },
        headers,
      ),
    );
  const getByOrderId = async (orderId: string) =>
    documented(await t.http.get(`${TOSS}/payments/orders/${orderId}`).set(basicAuth()));
  const deleteKey = async (billingKey: string) =>
    documented(
      await t.http.delete(`${TOSS}/billing/${encodeURIComponent(billingKey)}`).set(basicAuth()),
    );
  const readBackBilling = async (query: Record<string, string>) =>
    documented(await t.http.get(`${TEST}/billing`).query(query));
  const deletedEvents = (billingKey: string) =>
    received.filter((r) => r.body.data?.billingKey === billingKey);

  beforeAll(async () => {
    receiver = createServer((req, res) => {
      let raw = '';
      req.on('data', (chunk: Buffer) => (raw += chunk.toString()));
      req.on('end', () => {
        received.push({ headers: req.headers, body: JSON.parse(raw) as JsonObject });
        res.writeHead(200).end();
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

  afterEach(() => t.http.post(`${TEST}/reset`).expect(200));

  it('registers a card, issues a key, charges it, reads and refunds the charge, deletes the key: charges refused, BILLING_DELETED delivered', async () => {
    const customerKey = newCustomerKey();
    const auth = documented(
      await t.http
        .post(`${TEST}/billing/authorize`)
        .send({ customerKey, cardNumber: '4330-1234-5678-9012', cardIssuerCode: '41' }),
    );
    expect(auth.status).toBe(200);
    expect(auth.body).toEqual({ authKey: expect.any(String), customerKey });

    const issued = documented(await issueBillingKey(t.http, auth.body)).body;
    expect(issued).toEqual({
      mId: 'tvivarepublica',
      customerKey,
      authenticatedAt: expect.stringMatching(KST),
      method: '카드',
      billingKey: expect.stringMatching(/^[A-Za-z0-9_-]{43}=$/),
      card: {
        issuerCode: '41',
        acquirerCode: '41',
        number: '43301234****901*',
        cardType: '신용',
        ownerType: '개인',
      },
    });
    const key: BillingKey = { billingKey: issued.billingKey, customerKey };

    const orderId = newOrderId();
    const charged = await charge(key, { orderId, amount: 9900, customerName: '김토스' });
    expect(charged.status).toBe(200);
    expect(charged.body).toMatchObject({
      orderId,
      orderName: '베이직 구독',
      type: 'BILLING',
      method: '카드',
      status: 'DONE',
      totalAmount: 9900,
      balanceAmount: 9900,
      vat: 900,
      suppliedAmount: 9000,
      failure: null,
      cancels: null,
      card: { ...issued.card, amount: 9900, installmentPlanMonths: 0, acquireStatus: 'READY' },
    });
    expect(charged.body.approvedAt).toMatch(KST);
    expect(charged.body.lastTransactionKey).toMatch(/^[0-9A-F]{32}$/);
    const { paymentKey } = charged.body as { paymentKey: string };

    // Stored like any payment: both lookups and the refund work on it.
    expect((await getByOrderId(orderId)).body).toEqual(charged.body);
    const byKey = documented(await t.http.get(`${TOSS}/payments/${paymentKey}`).set(basicAuth()));
    expect(byKey.body).toEqual(charged.body);
    // Toss sends no webhook for a billing charge: none was even queued.
    const hooks = await t.http.get(`${TEST}/webhooks`).query({ orderId }).expect(200);
    expect(hooks.body.deliveries).toEqual([]);
    const refunded = documented(
      await t.http
        .post(`${TOSS}/payments/${paymentKey}/cancel`)
        .set(basicAuth())
        .send({ cancelReason: '부분 환불', cancelAmount: 1900 }),
    );
    expect(refunded.body).toMatchObject({
      type: 'BILLING',
      status: 'PARTIAL_CANCELED',
      balanceAmount: 8000,
      cancels: [{ cancelAmount: 1900, cancelRequestId: null }],
    });
    expect(await readBack(t.http, orderId)).toMatchObject({
      chargeCalls: 1,
      confirmCalls: 0,
      approvals: 1,
      cancels: 1,
      payment: { status: 'PARTIAL_CANCELED' },
    });

    const deleted = await deleteKey(key.billingKey);
    expect(deleted.status).toBe(200);
    expect(deleted.text).toBe('');
    const refused = await charge(key);
    expect([refused.status, refused.body.code]).toEqual([400, 'INVALID_BILL_KEY_REQUEST']);
    const again = await deleteKey(key.billingKey);
    expect([again.status, again.body.code]).toEqual([404, 'NOT_FOUND_BILLING']);

    const [event] = await eventually(() =>
      deletedEvents(key.billingKey).length > 0 ? deletedEvents(key.billingKey) : undefined,
    );
    expect(event.body).toEqual({
      eventType: 'BILLING_DELETED',
      createdAt: expect.stringMatching(WEBHOOK_TIME),
      data: { billingKey: key.billingKey, reason: '삭제 API 요청' },
    });
    expect(event.headers['tosspayments-webhook-transmission-id']).toMatch(/^[0-9a-f-]{36}$/);
    const log = await eventually(async () => {
      const res = documented(
        await t.http.get(`${TEST}/webhooks`).query({ billingKey: key.billingKey }),
      );
      return res.body.deliveries[0]?.status === 'DELIVERED' ? res.body.deliveries : undefined;
    });
    expect(log).toEqual([
      expect.objectContaining({
        eventType: 'BILLING_DELETED',
        orderId: null,
        paymentKey: null,
        billingKey: key.billingKey,
        attempts: 1,
        lastStatusCode: 200,
      }),
    ]);

    const state = (await readBackBilling({ customerKey })).body;
    expect(state).toEqual({
      customerKey,
      billingKeys: [
        expect.objectContaining({
          billingKey: key.billingKey,
          status: 'DELETED',
          deletedAt: expect.stringMatching(KST),
          deleteReason: '삭제 API 요청',
          card: issued.card,
        }),
      ],
    });
    expect(
      state.billingKeys[0].payments.map((p: JsonObject) => [p.orderId, p.status, p.balanceAmount]),
    ).toEqual([[orderId, 'PARTIAL_CANCELED', 8000]]);
  });

  it('issues an authKey once, for its own customer, within 10 minutes of the sandbox clock', async () => {
    const auth = await authorizeBilling(t.http);
    const otherCustomer = documented(
      await issueBillingKey(t.http, { ...auth, customerKey: newCustomerKey() }),
    );
    expect([otherCustomer.status, otherCustomer.body.code]).toEqual([
      400,
      'NOT_MATCHES_CUSTOMER_KEY',
    ]);
    // The refusal spent nothing: the right customer still issues it, once.
    expect(documented(await issueBillingKey(t.http, auth)).status).toBe(200);
    const twice = documented(await issueBillingKey(t.http, auth));
    expect([twice.status, twice.body.code]).toEqual([400, 'INVALID_BILLING_AUTH']);
    const unknown = documented(await issueBillingKey(t.http, { ...auth, authKey: 'nope' }));
    expect([unknown.status, unknown.body.code]).toEqual([404, 'NOT_FOUND_BILLING']);

    const late = await authorizeBilling(t.http);
    await t.http
      .post(`${TEST}/clock`)
      .send({ offsetMs: 10 * 60_000 + 5_000 })
      .expect(200);
    const expired = documented(await issueBillingKey(t.http, late));
    expect([expired.status, expired.body.code]).toEqual([400, 'INVALID_BILLING_AUTH']);

    // Its answer is the only one that carries the key: an Idempotency-Key gets it again.
    const kept = await authorizeBilling(t.http);
    const first = documented(
      await issueBillingKey(t.http, kept, { 'Idempotency-Key': kept.authKey }),
    );
    const replay = documented(
      await issueBillingKey(t.http, kept, { 'Idempotency-Key': kept.authKey }),
    );
    expect([first.status, replay.status]).toEqual([200, 200]);
    expect(replay.body).toEqual(first.body);
    const keys = (await readBackBilling({ customerKey: kept.customerKey })).body.billingKeys;
    expect(keys.map((k: JsonObject) => k.billingKey)).toEqual([first.body.billingKey]);
  });

  it('refuses a registration as the window would: a bad customerKey or card number, a chosen decline', async () => {
    for (const [body, status, code] of [
      [{ customerKey: 'a' }, 400, 'INVALID_CUSTOMER_KEY'],
      [{ customerKey: newCustomerKey(), cardNumber: '1234' }, 400, 'INVALID_CARD_NUMBER'],
      [
        { customerKey: newCustomerKey(), outcome: 'INVALID_STOPPED_CARD' },
        400,
        'INVALID_STOPPED_CARD',
      ],
      [
        { customerKey: newCustomerKey(), outcome: 'REJECT_CARD_COMPANY' },
        403,
        'REJECT_CARD_COMPANY',
      ],
    ] as const) {
      const res = documented(await t.http.post(`${TEST}/billing/authorize`).send(body));
      expect([res.status, res.body.code]).toEqual([status, code]);
    }
  });

  it('refuses a charge for another customer, a reused orderId, an unknown key or a bad body', async () => {
    const key = await billingKeyFor(t.http);
    const orderId = newOrderId();
    const otherCustomer = await charge({ ...key, customerKey: newCustomerKey() }, { orderId });
    expect([otherCustomer.status, otherCustomer.body.code]).toEqual([
      400,
      'NOT_MATCHES_CUSTOMER_KEY',
    ]);
    expect((await charge(key, { orderId })).status).toBe(200);
    const reused = await charge(key, { orderId });
    expect([reused.status, reused.body.code]).toEqual([400, 'DUPLICATED_ORDER_ID']);
    const unknown = await charge({ ...key, billingKey: 'unknown-key=' });
    expect([unknown.status, unknown.body.code]).toEqual([400, 'INVALID_BILL_KEY_REQUEST']);
    const small = await charge(key, { amount: 99 });
    expect([small.status, small.body.code]).toEqual([400, 'BELOW_MINIMUM_AMOUNT']);
    const unnamed = await charge(key, { orderName: undefined });
    expect([unnamed.status, unnamed.body.code]).toEqual([400, 'INVALID_REQUEST']);
    const anonymous = documented(
      await t.http
        .post(`${TOSS}/billing/${encodeURIComponent(key.billingKey)}`)
        .send({ ...key, amount: 1000, orderId: newOrderId(), orderName: 'x' }),
    );
    expect(anonymous.status).toBe(401);
    expect(await readBack(t.http, orderId)).toMatchObject({ chargeCalls: 3, approvals: 1 });
  });

  it('replays a charge with the same Idempotency-Key; one payment per orderId even when charges race', async () => {
    const key = await billingKeyFor(t.http);
    const body = { orderId: newOrderId(), amount: 4900 };
    const first = await charge(key, body, { 'Idempotency-Key': `sub-${body.orderId}` });
    const replay = await charge(key, body, { 'Idempotency-Key': `sub-${body.orderId}` });
    expect([first.status, replay.status]).toEqual([200, 200]);
    expect(replay.body).toEqual(first.body);
    expect(await readBack(t.http, body.orderId)).toMatchObject({ chargeCalls: 2, approvals: 1 });

    // Committed, then a 500: the same key gets the real answer, nothing is charged twice.
    await addFault(t.http, {
      kind: 'APPROVE_THEN_ERROR',
      operation: 'billing-charge',
      billingKey: key.billingKey,
      count: 1,
    });
    const lost = { orderId: newOrderId() };
    const failed = await charge(key, lost, { 'Idempotency-Key': `sub-${lost.orderId}` });
    expect([failed.status, failed.body.code]).toEqual([500, 'FAILED_INTERNAL_SYSTEM_PROCESSING']);
    const retried = await charge(key, lost, { 'Idempotency-Key': `sub-${lost.orderId}` });
    expect(retried.body).toMatchObject({ status: 'DONE', orderId: lost.orderId });
    expect((await getByOrderId(lost.orderId)).body.paymentKey).toBe(retried.body.paymentKey);
    expect(await readBack(t.http, lost.orderId)).toMatchObject({ approvals: 1 });

    const raced = { orderId: newOrderId() };
    const answers = await Promise.all([charge(key, raced), charge(key, raced), charge(key, raced)]);
    expect(answers.map((a) => a.body.code ?? a.status).sort()).toEqual([
      200,
      'DUPLICATED_ORDER_ID',
      'DUPLICATED_ORDER_ID',
    ]);
    expect(await readBack(t.http, raced.orderId)).toMatchObject({ approvals: 1 });
  });

  it('applies faults per billing key and per orderId: soft and hard declines (ABORTED), 5xx, resets; other keys unaffected', async () => {
    const subscriber = await billingKeyFor(t.http);
    const bystander = await billingKeyFor(t.http);
    const soft = await addFault(t.http, {
      kind: 'DECLINE',
      code: 'REJECT_CARD_PAYMENT',
      operation: 'billing-charge',
      billingKey: subscriber.billingKey,
      count: 1,
    });
    expect(soft).toMatchObject({ billingKey: subscriber.billingKey, operation: 'billing-charge' });
    const month = { orderId: newOrderId() };
    const declined = await charge(subscriber, month);
    expect([declined.status, declined.body.code]).toEqual([403, 'REJECT_CARD_PAYMENT']);
    expect((await getByOrderId(month.orderId)).body).toMatchObject({
      type: 'BILLING',
      status: 'ABORTED',
      approvedAt: null,
      failure: { code: 'REJECT_CARD_PAYMENT' },
    });
    expect((await charge(bystander)).status).toBe(200);
    // A soft decline is retried later with the same orderId: ABORTED does not take it.
    const retried = await charge(subscriber, month);
    expect(retried.body).toMatchObject({ status: 'DONE', orderId: month.orderId });
    expect((await getByOrderId(month.orderId)).body.paymentKey).toBe(retried.body.paymentKey);

    await addFault(t.http, {
      kind: 'DECLINE',
      code: 'INVALID_STOPPED_CARD',
      billingKey: subscriber.billingKey,
    });
    const hard = await charge(subscriber);
    expect([hard.status, hard.body.code]).toEqual([400, 'INVALID_STOPPED_CARD']);
    expect((await charge(bystander)).status).toBe(200);
    const cleared = await t.http
      .delete(`${TEST}/faults`)
      .query({ billingKey: subscriber.billingKey })
      .expect(200);
    expect(cleared.body).toEqual({ deleted: 2 });

    // Aimed at one charge's orderId: an outcome the app never saw, nothing charged.
    const unseen = newOrderId();
    await addFault(t.http, { kind: 'RESET', orderId: unseen, count: 1 });
    await expect(charge(subscriber, { orderId: unseen })).rejects.toThrow(
      /socket hang up|ECONNRESET|EPIPE/,
    );
    await addFault(t.http, { kind: 'ERROR', orderId: unseen, count: 1 });
    expect((await charge(subscriber, { orderId: unseen })).status).toBe(500);
    const nothing = await getByOrderId(unseen);
    expect([nothing.status, nothing.body.code]).toEqual([404, 'NOT_FOUND_PAYMENT']);

    // Toss's test header: the code, and no payment.
    const header = newOrderId();
    const tested = await charge(
      subscriber,
      { orderId: header },
      { 'TossPayments-Test-Code': 'REJECT_CARD_PAYMENT' },
    );
    expect([tested.status, tested.body.code]).toEqual([403, 'REJECT_CARD_PAYMENT']);
    expect((await getByOrderId(header)).status).toBe(404);

    const payments = (await readBackBilling({ billingKey: subscriber.billingKey })).body
      .billingKeys[0].payments as JsonObject[];
    expect(payments.map((p) => p.status)).toEqual(['ABORTED', 'DONE', 'ABORTED']);
  });

  it('charges on the sandbox clock: approvedAt follows it month after month', async () => {
    const key = await billingKeyFor(t.http);
    const approvedAt: string[] = [];
    for (const now of ['2030-01-15T10:00:00+09:00', '2030-02-15T10:00:00+09:00']) {
      await t.http.post(`${TEST}/clock`).send({ now }).expect(200);
      const res = await charge(key);
      approvedAt.push(res.body.approvedAt as string);
    }
    expect(approvedAt.map((at) => at.slice(0, 13))).toEqual(['2030-01-15T10', '2030-02-15T10']);
  });

  it('lets the issuer delete a key: BILLING_DELETED with its reason (or null), charges refused', async () => {
    const key = await billingKeyFor(t.http);
    const deleted = documented(
      await t.http
        .post(`${TEST}/billing/${encodeURIComponent(key.billingKey)}/delete`)
        .send({ reason: '카드 해지' }),
    );
    expect(deleted.body).toMatchObject({
      billingKey: key.billingKey,
      status: 'DELETED',
      deleteReason: '카드 해지',
      payments: [],
    });
    const refused = await charge(key);
    expect(refused.body.code).toBe('INVALID_BILL_KEY_REQUEST');
    expect((await deleteKey(key.billingKey)).status).toBe(404);

    const silent = await billingKeyFor(t.http);
    await t.http
      .post(`${TEST}/billing/${encodeURIComponent(silent.billingKey)}/delete`)
      .send({ reason: null })
      .expect(200);
    const byDefault = await billingKeyFor(t.http);
    await t.http
      .post(`${TEST}/billing/${encodeURIComponent(byDefault.billingKey)}/delete`)
      .expect(200);
    const reasons = await eventually(() => {
      const events = [key, silent, byDefault].map((k) => deletedEvents(k.billingKey)[0]);
      return events.every(Boolean) ? events.map((e) => e.body.data.reason as unknown) : undefined;
    });
    expect(reasons).toEqual(['카드 해지', null, '카드사 요청']);

    const unknown = documented(await t.http.post(`${TEST}/billing/nope/delete`).send({}));
    expect([unknown.status, unknown.body.code]).toEqual([404, 'NOT_FOUND_BILLING']);
  });

  it("reads back a customer's keys by customerKey or by one of its keys", async () => {
    const customerKey = newCustomerKey();
    const first = await billingKeyFor(t.http, customerKey);
    const second = await billingKeyFor(t.http, customerKey, { cardType: '체크' });
    await authorizeBilling(t.http, customerKey); // never issued: not a key
    const byCustomer = (await readBackBilling({ customerKey })).body;
    expect(
      byCustomer.billingKeys.map((k: JsonObject) => [k.billingKey, k.status, k.card.cardType]),
    ).toEqual([
      [first.billingKey, 'ACTIVE', '신용'],
      [second.billingKey, 'ACTIVE', '체크'],
    ]);
    expect((await readBackBilling({ billingKey: second.billingKey })).body).toEqual(byCustomer);
    expect((await readBackBilling({ customerKey: newCustomerKey() })).body.billingKeys).toEqual([]);
    expect((await readBackBilling({})).status).toBe(400);
    expect((await readBackBilling({ billingKey: 'nope' })).status).toBe(404);
  });
});
