import { INestApplication } from '@nestjs/common';
import { randomInt } from 'node:crypto';
import { Response } from 'supertest';
import TestAgent from 'supertest/lib/agent';
import { CashReceiptBooks } from '../../src/cash-receipts/cash-receipt-books';
import { CashReceiptSweeper } from '../../src/cash-receipts/cash-receipt-sweeper';
import { seoulDate } from '../../src/common/seoul-time';
import { MetricsService } from '../../src/metrics/metrics.service';
import { admin, customer, SignedIn } from '../factories/auth.factory';
import { seedProducts, SeedProduct } from '../factories/catalogue.factory';
import { clearFaults } from '../factories/sandbox.factory';
import { startTestApp } from '../setup/test-app';
import { expectReportEmpty } from '../support/books';
import { LogCapture } from '../support/log-capture';
import { eventually } from '../support/poll';
import { sql } from '../support/sql';
import { addFault, basicAuth, JsonObject, TEST, TOSS } from './sandbox-helpers';

const ACCOUNT = { bank: '88', accountNumber: '11012345678', holderName: '김고객' };

/**
 * Cash receipts asked for after a payment (POST/GET /api/v1/payments/{paymentKey}/cash-receipt),
 * issued, canceled with refunds and settled against the mounted sandbox as Toss; the app's logs
 * captured, so that no identity number used here may appear in a log line or in any answer.
 */
describe('cash receipts (e2e)', () => {
  const capture = new LogCapture();
  /** Every identity number sent; none may come back or be logged. */
  const numbers: string[] = [];
  /** Every body our API answered in this file. */
  const answers: string[] = [];
  let app: INestApplication;
  let http: TestAgent;
  let databaseUrl: string;
  let products: Record<string, SeedProduct>;
  let kim: SignedIn;
  let lee: SignedIn;
  let boss: SignedIn;

  beforeAll(async () => {
    const t = await startTestApp({
      env: {
        LOG_LEVEL: 'trace',
        // An unseen answer is looked up at once (no retry with the same key), and the sweeper
        // takes any REQUESTED row it is run on.
        TOSS_CONFIRM_RETRIES: '0',
        TOSS_CONFIRM_TIMEOUT_MS: '1500',
        RECONCILE_AFTER_MS: '0',
      },
      logDestination: capture,
    });
    ({ app, http, databaseUrl } = t);
    products = await seedProducts(http);
    kim = await customer(http, '김고객');
    lee = await customer(http, '이고객');
    boss = await admin(http);
  });

  afterEach(() => clearFaults(http));
  afterAll(() => app?.close());

  /** A fresh identity number (a phone number), remembered for the secrecy checks. */
  function identity(prefix = '010'): string {
    const number = `${prefix}${randomInt(10_000_000, 99_999_999)}`;
    numbers.push(number);
    return number;
  }

  /** cash_receipts_total for one operation and outcome, as the app counts it now. */
  async function counted(operation: string, outcome: string): Promise<number> {
    const metric = await app
      .get(MetricsService)
      .registry.getSingleMetric('cash_receipts_total')
      ?.get();
    return (
      metric?.values.find(
        (value) => value.labels.operation === operation && value.labels.outcome === outcome,
      )?.value ?? 0
    );
  }

  function kept(res: Response): Response {
    answers.push(res.text);
    return res;
  }

  const ask = (paymentKey: string, body: object, who: SignedIn = kim) =>
    http.post(`/api/v1/payments/${paymentKey}/cash-receipt`).set(who.auth).send(body).then(kept);
  const read = (paymentKey: string, who: SignedIn = kim) =>
    http.get(`/api/v1/payments/${paymentKey}/cash-receipt`).set(who.auth).then(kept);
  const paymentOf = async (paymentKey: string) =>
    (await http.get(`/api/v1/payments/${paymentKey}`).set(boss.auth).then(kept)).body as JsonObject;

  /** Toss's receipts requested today (Seoul) for one order: its issues and cancels. */
  async function tossReceipts(orderId: string): Promise<JsonObject[]> {
    const res = await http
      .get(`${TOSS}/cash-receipts`)
      .query({ requestDate: seoulDate(new Date()), limit: 10000 })
      .set(basicAuth())
      .expect(200);
    return (res.body.data as JsonObject[]).filter((receipt) =>
      (receipt.orderId as string).startsWith(orderId),
    );
  }

  interface Paid {
    orderId: string;
    paymentKey: string;
    amount: number;
    taxFreeAmount: number;
  }

  /**
   * An order of `names` paid by `method`: authorized in the sandbox (with the order's tax-free
   * part, and the window's cash receipt option when given), confirmed, and for a virtual account
   * deposited and PAID through the sandbox's webhook.
   */
  async function paid(
    method: 'VIRTUAL_ACCOUNT' | 'TRANSFER' | 'CARD',
    names: string[] = ['상품2'],
    extra: Record<string, unknown> = {},
  ): Promise<Paid> {
    const order = (
      await http
        .post('/api/v1/orders')
        .set(kim.auth)
        .send({ items: names.map((name) => ({ productId: products[name].id, quantity: 1 })) })
        .expect(201)
    ).body as { orderId: string; orderName: string; amount: number; taxFreeAmount: number };
    const authorized = await http
      .post(`${TEST}/authorize`)
      .send({
        orderId: order.orderId,
        amount: order.amount,
        orderName: order.orderName,
        method,
        taxFreeAmount: order.taxFreeAmount,
        ...extra,
      })
      .expect(200);
    const paymentKey = authorized.body.paymentKey as string;
    await http
      .post('/api/v1/payments/confirm')
      .set(kim.auth)
      .send({ paymentKey, orderId: order.orderId, amount: order.amount })
      .expect(200);
    if (method === 'VIRTUAL_ACCOUNT') {
      await http.post(`${TEST}/deposit`).send({ orderId: order.orderId }).expect(200);
      await eventually(
        async () =>
          (await http.get(`/api/v1/orders/${order.orderId}`).set(kim.auth).expect(200)).body
            .status as string,
        (status) => status === 'PAID',
      );
    }
    return {
      orderId: order.orderId,
      paymentKey,
      amount: order.amount,
      taxFreeAmount: order.taxFreeAmount,
    };
  }

  const refund = (paymentKey: string, body: object) =>
    http
      .post(`/api/v1/payments/${paymentKey}/cancel`)
      .set(boss.auth)
      .send({ cancelReason: '환불', refundReceiveAccount: ACCOUNT, ...body })
      .then(kept);

  it('issues a receipt for a paid virtual account: 201, masked, at Toss for the balance and its tax-free part', async () => {
    const p = await paid('VIRTUAL_ACCOUNT', ['상품2', '도서']);
    expect(p.taxFreeAmount).toBe(3000);
    const number = identity();
    const issuedBefore = await counted('issue', 'issued');
    const res = await ask(p.paymentKey, { type: '소득공제', identityNumber: number });
    expect(res.status).toBe(201);
    expect(await counted('issue', 'issued')).toBe(issuedBefore + 1);
    expect(res.body).toEqual({
      id: expect.any(String),
      source: 'REQUESTED',
      type: '소득공제',
      identityNumber: `*******${number.slice(-4)}`,
      amount: p.amount,
      taxFreeAmount: 3000,
      canceledAmount: 0,
      status: 'ISSUED',
      issueStatus: 'IN_PROGRESS',
      issueNumber: expect.any(String),
      receiptUrl: expect.stringContaining('https://'),
      requestedAt: expect.any(String),
    });

    const atToss = await tossReceipts(p.orderId);
    expect(atToss).toEqual([
      expect.objectContaining({
        orderId: `${p.orderId}-r1`,
        transactionType: 'CONFIRM',
        amount: p.amount,
        taxFreeAmount: 3000,
        type: '소득공제',
        issueNumber: res.body.issueNumber,
      }),
    ]);
    expect((await read(p.paymentKey)).body).toEqual(res.body);
    // The call is audited with the payment, under the key stored before it.
    expect((await paymentOf(p.paymentKey)).attempts).toContainEqual(
      expect.objectContaining({
        operation: 'receiptIssue',
        caller: 'cash-receipt',
        idempotencyKey: `cash-receipt:${res.body.id}`,
        outcome: 'ok',
      }),
    );
    // An admin sees it too; another customer does not see the payment at all.
    expect((await read(p.paymentKey, boss)).body.id).toBe(res.body.id);
    expect((await read(p.paymentKey, lee)).status).toBe(404);
    expect((await read(p.paymentKey, lee)).body.code).toBe('PAYMENT_NOT_FOUND');

    // The same click again: the same receipt, 200, Toss not asked again.
    const again = await ask(p.paymentKey, { type: '소득공제', identityNumber: number });
    expect(again.status).toBe(200);
    expect(again.body).toEqual(res.body);
    // Another number, or the other type, while it stands: 409 naming it.
    for (const body of [
      { type: '소득공제', identityNumber: identity() },
      { type: '지출증빙', identityNumber: number },
    ]) {
      const other = await ask(p.paymentKey, body);
      expect(other.status).toBe(409);
      expect(other.body).toMatchObject({
        code: 'CASH_RECEIPT_EXISTS',
        details: { receiptId: res.body.id },
      });
    }
    expect(await tossReceipts(p.orderId)).toHaveLength(1);
  });

  it('two requests at once make one receipt, here and at Toss', async () => {
    const p = await paid('TRANSFER');
    const number = identity();
    await addFault(http, {
      kind: 'LATENCY',
      operation: 'cash-receipt-issue',
      orderId: `${p.orderId}-r1`,
      latencyMs: 300,
    });
    const answered = await Promise.all(
      [1, 2].map(() => ask(p.paymentKey, { type: '지출증빙', identityNumber: number })),
    );
    expect(answered.map((res) => res.status).sort()).toEqual([200, 201]);
    expect(new Set(answered.map((res) => res.body.id)).size).toBe(1);
    expect(await tossReceipts(p.orderId)).toHaveLength(1);
    const rows = await sql(databaseUrl, 'SELECT id FROM cash_receipts WHERE payment_key = $1', [
      p.paymentKey,
    ]);
    expect(rows).toHaveLength(1);
    expect((await read(p.paymentKey)).body).toMatchObject({ status: 'ISSUED', amount: p.amount });
  });

  it('an issue whose answer was lost is found in Toss’s list', async () => {
    const p = await paid('VIRTUAL_ACCOUNT');
    await addFault(http, {
      kind: 'APPROVE_THEN_ERROR',
      operation: 'cash-receipt-issue',
      orderId: `${p.orderId}-r1`,
      count: 1,
    });
    const foundBefore = await counted('issue', 'found');
    const res = await ask(p.paymentKey, { type: '소득공제', identityNumber: identity() });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ status: 'ISSUED', amount: p.amount });
    expect(await counted('issue', 'found')).toBe(foundBefore + 1);
    const atToss = await tossReceipts(p.orderId);
    expect(atToss).toHaveLength(1);
    expect(atToss[0].issueNumber).toBe(res.body.issueNumber);
  });

  it('an issue Toss could not be asked about is 502, then settled once by the sweeper', async () => {
    const p = await paid('VIRTUAL_ACCOUNT');
    await addFault(http, {
      kind: 'ERROR',
      operation: 'cash-receipt-issue',
      orderId: `${p.orderId}-r1`,
      count: 1,
    });
    const unknownBefore = await counted('issue', 'unknown');
    const res = await ask(p.paymentKey, { type: '소득공제', identityNumber: identity() });
    expect(res.status).toBe(502);
    expect(await counted('issue', 'unknown')).toBe(unknownBefore + 1);
    expect(res.body).toMatchObject({
      code: 'CASH_RECEIPT_OUTCOME_UNKNOWN',
      details: { receiptId: expect.any(String) },
    });
    const pending = (await read(p.paymentKey)).body;
    expect(pending).toMatchObject({ id: res.body.details.receiptId, status: 'REQUESTED' });
    // While it is unsettled, the books say so.
    const books = app.get(CashReceiptBooks);
    const payment = await paymentOf(p.paymentKey);
    expect(
      await books.problems([{ paymentKey: p.paymentKey, balanceAmount: payment.balanceAmount }]),
    ).toEqual(new Map([[p.paymentKey, ['RECEIPT_UNSETTLED']]]));

    const sweeper = app.get(CashReceiptSweeper);
    const report = await sweeper.runOnce({ olderThanMs: 0 });
    expect(report).toMatchObject({ receiptsSettled: 1 });
    expect((await read(p.paymentKey)).body).toMatchObject({
      id: pending.id,
      status: 'ISSUED',
      amount: p.amount,
    });
    expect(await tossReceipts(p.orderId)).toHaveLength(1);
    // Another pass finds nothing to do and issues nothing more.
    expect(await sweeper.runOnce({ olderThanMs: 0 })).toMatchObject({ receiptsClaimed: 0 });
    expect(await tossReceipts(p.orderId)).toHaveLength(1);
  });

  it("a number Toss refuses is 400 with Toss's code; the receipt is FAILED and another may be asked for", async () => {
    const p = await paid('TRANSFER');
    await addFault(http, {
      kind: 'DECLINE',
      operation: 'cash-receipt-issue',
      orderId: `${p.orderId}-r1`,
      code: 'INVALID_CASH_RECEIPT_INFO',
      count: 1,
    });
    const refusedBefore = await counted('issue', 'refused');
    const refused = await ask(p.paymentKey, { type: '소득공제', identityNumber: identity() });
    expect(refused.status).toBe(400);
    expect(await counted('issue', 'refused')).toBe(refusedBefore + 1);
    expect(refused.body.code).toBe('INVALID_CASH_RECEIPT_INFO');
    expect((await read(p.paymentKey)).body).toMatchObject({
      status: 'FAILED',
      failure: { code: 'INVALID_CASH_RECEIPT_INFO' },
    });
    const second = await ask(p.paymentKey, { type: '소득공제', identityNumber: identity() });
    expect(second.status).toBe(201);
    expect((await tossReceipts(p.orderId)).map((r) => r.orderId)).toEqual([`${p.orderId}-r2`]);
  });

  it('a refund cancels its amount of the receipt at Toss; the rest refunded cancels the rest', async () => {
    const p = await paid('VIRTUAL_ACCOUNT', ['상품2', '도서']);
    const issued = await ask(p.paymentKey, { type: '소득공제', identityNumber: identity() });
    expect(issued.status).toBe(201);

    const canceledBefore = await counted('cancel', 'canceled');
    const part = await refund(p.paymentKey, { cancelAmount: 4000 });
    expect(part.status).toBe(200);
    expect(await counted('cancel', 'canceled')).toBe(canceledBefore + 1);
    const cancels = (await tossReceipts(p.orderId)).filter((r) => r.transactionType === 'CANCEL');
    expect(cancels).toEqual([
      expect.objectContaining({ orderId: `${p.orderId}-r1`, amount: 4000 }),
    ]);
    expect((await read(p.paymentKey)).body).toMatchObject({
      status: 'ISSUED',
      amount: p.amount,
      canceledAmount: 4000,
    });

    const rest = await refund(p.paymentKey, {});
    expect(rest.status).toBe(200);
    const all = (await tossReceipts(p.orderId)).filter((r) => r.transactionType === 'CANCEL');
    expect(all.map((r) => r.amount)).toEqual([4000, p.amount - 4000]);
    expect((await read(p.paymentKey)).body).toMatchObject({
      status: 'CANCELED',
      canceledAmount: p.amount,
    });
    // Nothing is left to issue a receipt for.
    const late = await ask(p.paymentKey, { type: '소득공제', identityNumber: identity() });
    expect(late.status).toBe(409);
    expect(late.body.code).toBe('CASH_RECEIPT_NOT_AVAILABLE');
  });

  it('a receipt cancel whose answer was lost is found in Toss’s list, or settled by the sweeper with its stored key', async () => {
    const p = await paid('VIRTUAL_ACCOUNT');
    expect((await ask(p.paymentKey, { type: '소득공제', identityNumber: identity() })).status).toBe(
      201,
    );
    const loseCancelAnswer = () =>
      addFault(http, {
        kind: 'APPROVE_THEN_ERROR',
        operation: 'cash-receipt-cancel',
        orderId: `${p.orderId}-r1`,
        count: 1,
      });
    // The refund's own lookup finds the cancel in Toss's list.
    await loseCancelAnswer();
    const foundBefore = await counted('cancel', 'found');
    expect((await refund(p.paymentKey, { cancelAmount: 1000 })).status).toBe(200);
    expect(await counted('cancel', 'found')).toBe(foundBefore + 1);
    expect((await read(p.paymentKey)).body).toMatchObject({ canceledAmount: 1000 });

    // With the list out of reach too, the refund stands and the cancel is not known yet.
    await loseCancelAnswer();
    await addFault(http, { kind: 'ERROR', operation: 'cash-receipt-list', count: 1 });
    expect((await refund(p.paymentKey, { cancelAmount: 3000 })).status).toBe(200);
    expect((await read(p.paymentKey)).body).toMatchObject({ canceledAmount: 1000 });
    await clearFaults(http);
    expect(await app.get(CashReceiptSweeper).runOnce({ olderThanMs: 0 })).toMatchObject({
      cancelsSettled: 1,
    });
    expect((await read(p.paymentKey)).body).toMatchObject({ canceledAmount: 4000 });
    const cancels = (await tossReceipts(p.orderId)).filter((r) => r.transactionType === 'CANCEL');
    expect(cancels.map((r) => r.amount)).toEqual([1000, 3000]);
  });

  it('a refund while the issue is unknown waits for it: issued by the sweeper, then canceled for the refund', async () => {
    const p = await paid('VIRTUAL_ACCOUNT');
    await addFault(http, {
      kind: 'ERROR',
      operation: 'cash-receipt-issue',
      orderId: `${p.orderId}-r1`,
      count: 1,
    });
    expect((await ask(p.paymentKey, { type: '소득공제', identityNumber: identity() })).status).toBe(
      502,
    );
    expect((await refund(p.paymentKey, { cancelAmount: 2000 })).status).toBe(200);
    expect((await read(p.paymentKey)).body).toMatchObject({
      status: 'REQUESTED',
      canceledAmount: 0,
    });
    expect(await tossReceipts(p.orderId)).toEqual([]);

    await app.get(CashReceiptSweeper).runOnce({ olderThanMs: 0 });
    // Issued for the balance it was asked for, then canceled by the refund made meanwhile.
    expect((await read(p.paymentKey)).body).toMatchObject({
      status: 'ISSUED',
      amount: p.amount,
      canceledAmount: 2000,
    });
    expect((await tossReceipts(p.orderId)).map((r) => [r.transactionType, r.amount])).toEqual([
      ['CONFIRM', p.amount],
      ['CANCEL', 2000],
    ]);
  });

  it("reads the National Tax Service's outcome a day later: COMPLETED, or FAILED and free to ask again", async () => {
    const [done, refusedByNts] = [await paid('TRANSFER'), await paid('TRANSFER')];
    for (const p of [done, refusedByNts]) {
      const res = await ask(p.paymentKey, { type: '소득공제', identityNumber: identity() });
      expect(res.body).toMatchObject({ status: 'ISSUED', issueStatus: 'IN_PROGRESS' });
    }
    const decide = async (p: Paid, outcome: object) => {
      const [receipt] = await tossReceipts(p.orderId);
      await http
        .post(`${TEST}/cash-receipts/${receipt.receiptKey as string}/outcome`)
        .send(outcome)
        .expect(200);
    };
    await decide(done, { issueStatus: 'COMPLETED' });
    await decide(refusedByNts, {
      issueStatus: 'FAILED',
      failure: { code: 'NTS_ERROR', message: '[TS1] 식별번호 길이 오류' },
    });
    const sweeper = app.get(CashReceiptSweeper);
    // Not due before a day has passed since it was issued.
    expect(await sweeper.runOnce({ olderThanMs: 0 })).toMatchObject({ outcomesChecked: 0 });
    await sql(
      databaseUrl,
      "UPDATE cash_receipts SET next_check_at = now() - interval '1 minute' WHERE payment_key = ANY($1)",
      [[done.paymentKey, refusedByNts.paymentKey]],
    );
    expect(await sweeper.runOnce({ olderThanMs: 0 })).toMatchObject({
      outcomesChecked: 2,
      outcomesChanged: 2,
    });
    expect((await read(done.paymentKey)).body).toMatchObject({
      status: 'ISSUED',
      issueStatus: 'COMPLETED',
    });
    expect((await read(refusedByNts.paymentKey)).body).toMatchObject({
      status: 'FAILED',
      issueStatus: 'FAILED',
      failure: { code: 'NTS_ERROR', message: '[TS1] 식별번호 길이 오류' },
    });
    const again = await ask(refusedByNts.paymentKey, {
      type: '소득공제',
      identityNumber: identity(),
    });
    expect(again.status).toBe(201);
    expect((await tossReceipts(refusedByNts.orderId)).map((r) => r.orderId)).toEqual([
      `${refusedByNts.orderId}-r1`,
      `${refusedByNts.orderId}-r2`,
    ]);
  });

  it('a receipt issued in the payment window is shown by GET, and no second one is issued', async () => {
    const number = identity();
    const p = await paid('VIRTUAL_ACCOUNT', ['상품1'], {
      cashReceipt: { type: '소득공제', customerIdentityNumber: number },
    });
    const res = await read(p.paymentKey);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      id: null,
      source: 'PAYMENT_WINDOW',
      type: '소득공제',
      identityNumber: `*******${number.slice(-4)}`,
      amount: p.amount,
      canceledAmount: 0,
      status: 'ISSUED',
    });
    const second = await ask(p.paymentKey, { type: '소득공제', identityNumber: number });
    expect(second.status).toBe(409);
    expect(second.body).toMatchObject({
      code: 'CASH_RECEIPT_EXISTS',
      details: { receiptId: null },
    });
  });

  it('only paid virtual-account and transfer payments get one', async () => {
    const card = await paid('CARD', ['상품1']);
    const res = await ask(card.paymentKey, { type: '소득공제', identityNumber: identity() });
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({
      code: 'CASH_RECEIPT_NOT_AVAILABLE',
      details: { method: '카드', status: 'DONE' },
    });
    expect((await read(card.paymentKey)).body.code).toBe('CASH_RECEIPT_NOT_FOUND');
    expect(await tossReceipts(card.orderId)).toEqual([]);

    // Another customer's payment, or none, is not found.
    const p = await paid('TRANSFER', ['상품1']);
    const other = await ask(p.paymentKey, { type: '소득공제', identityNumber: identity() }, lee);
    expect(other.status).toBe(404);
    expect(other.body.code).toBe('PAYMENT_NOT_FOUND');
    expect(
      (await ask('no_such_payment', { type: '소득공제', identityNumber: identity() })).status,
    ).toBe(404);
    expect(await tossReceipts(p.orderId)).toEqual([]);
  });

  it('refuses a malformed request without repeating the number', async () => {
    const p = await paid('TRANSFER', ['상품1']);
    const number = identity();
    for (const body of [
      { type: '소득공제', identityNumber: `${number}x` },
      { type: '소득공제', identityNumber: number.slice(0, 9) },
      { type: '소득공제', identityNumber: `${number}${number}` },
      { type: number, identityNumber: number },
      { type: '소득공제', identityNumber: Number(number) },
      { type: '소득공제' },
      { type: '소득공제', identityNumber: number, amount: 1 },
    ]) {
      const res = await ask(p.paymentKey, body);
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('VALIDATION_ERROR');
    }
    expect(await tossReceipts(p.orderId)).toEqual([]);
  });

  it('no identity number of this file in any of its answers or log lines', () => {
    expect(numbers.length).toBeGreaterThan(10);
    expect(answers.length).toBeGreaterThan(20);
    const logs = capture.text();
    // The capture holds the app's lines of this file: its requests and its calls to Toss.
    expect(logs).toContain('/cash-receipt');
    expect(logs).toContain('toss receiptIssue');
    for (const number of numbers) {
      expect({ number, inAnswers: answers.some((text) => text.includes(number)) }).toEqual({
        number,
        inAnswers: false,
      });
      expect({ number, inLogs: logs.includes(number) }).toEqual({ number, inLogs: false });
    }
  });

  it('the books match Toss for every order of this file, cash receipts included', async () => {
    await expectReportEmpty(http, boss.auth);
    const payments = await sql<{ payment_key: string; balance_amount: string }>(
      databaseUrl,
      'SELECT payment_key, balance_amount FROM payments',
    );
    const problems = await app.get(CashReceiptBooks).problems(
      payments.map((p) => ({
        paymentKey: p.payment_key,
        balanceAmount: Number(p.balance_amount),
      })),
    );
    expect(problems).toEqual(new Map());
  });
});
