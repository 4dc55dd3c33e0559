import { startTestApp, TestApp } from '../setup/test-app';
import {
  addFault,
  approved,
  authorize,
  basicAuth,
  cancel,
  cancelCashReceipt,
  confirm,
  issueCashReceipt,
  JsonObject,
  listCashReceipts,
  listedReceiptsOf,
  newOrderId,
  TEST,
  TOSS,
} from './sandbox-helpers';

const PHONE = '01012345678';
const ACCOUNT = { bank: '88', accountNumber: '11012345678', holderName: '홍길동' };

/** The list's requestDate of a receipt: the Seoul day of its requestedAt (…+09:00). */
function dayOf(receipt: JsonObject): string {
  return (receipt.requestedAt as string).slice(0, 10);
}

/** Cash receipts (현금영수증): issue, cancel, list by day, Idempotency-Key, faults, with payments. */
describe('Toss sandbox: cash receipts', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const issue = (body: Record<string, unknown>, headers: Record<string, string> = {}) =>
    issueCashReceipt(t.http, body, headers);
  const cancelReceipt = (
    receiptKey: string,
    body: Record<string, unknown> = {},
    headers: Record<string, string> = {},
  ) => cancelCashReceipt(t.http, receiptKey, body, headers);

  /** What the sandbox holds for an order, whatever day (the test read-back). */
  async function receiptsOf(orderId: string): Promise<JsonObject> {
    return (await t.http.get(`${TEST}/cash-receipts`).query({ orderId }).expect(200)).body;
  }

  async function paymentView(paymentKey: string): Promise<JsonObject> {
    return (await t.http.get(`${TOSS}/payments/${paymentKey}`).set(basicAuth()).expect(200)).body;
  }

  describe('POST /v1/cash-receipts and its cancel', () => {
    it('issues a receipt IN_PROGRESS, with the tax-free part, Seoul times and a receipt URL', async () => {
      const orderId = newOrderId();
      const res = await issue({ orderId, amount: 11000, taxFreeAmount: 3000 }).expect(200);
      expect(res.body).toEqual({
        receiptKey: expect.stringMatching(/^[A-Za-z0-9]{40}$/),
        issueNumber: expect.stringMatching(/^\d{9}$/),
        issueStatus: 'IN_PROGRESS',
        amount: 11000,
        taxFreeAmount: 3000,
        orderId,
        orderName: '상품1 외 1건',
        type: '소득공제',
        approvalNumber: expect.stringMatching(/^\d{9}$/),
        transactionType: 'CONFIRM',
        businessNumber: expect.stringMatching(/^\d{10}$/),
        customerIdentityNumber: PHONE,
        failure: null,
        requestedAt: expect.stringMatching(/\+09:00$/),
        approvedAt: expect.stringMatching(/\+09:00$/),
        canceledAt: null,
        receiptUrl: expect.stringMatching(/^https:\/\//),
      });
      // Like Toss, no payment is checked: the same orderId twice is two receipts.
      await issue({ orderId, amount: 500 }).expect(200);
      expect(await receiptsOf(orderId)).toMatchObject({
        issueCalls: 2,
        cancelCalls: 0,
        receipts: [{ amount: 11000 }, { amount: 500 }],
      });
    });

    it('refuses malformed requests with Toss codes and issues nothing', async () => {
      const orderId = newOrderId();
      const cases: [Record<string, unknown>, string][] = [
        [{ type: '미발행' }, 'INVALID_REQUEST'],
        [{ amount: 0 }, 'INVALID_REQUEST'],
        [{ amount: 1000, taxFreeAmount: 1001 }, 'INVALID_REQUEST'],
        [{ orderName: '' }, 'INVALID_REQUEST'],
        [{ customerIdentityNumber: '010-1234-5678' }, 'INVALID_CASH_RECEIPT_INFO'],
        [{ customerIdentityNumber: '1'.repeat(31) }, 'INVALID_CASH_RECEIPT_INFO'],
        [{ customerIdentityNumber: undefined }, 'INVALID_CASH_RECEIPT_INFO'],
      ];
      for (const [body, code] of cases) {
        const res = await issue({ orderId, ...body });
        expect({ body, status: res.status, code: res.body.code }).toEqual({
          body,
          status: 400,
          code,
        });
      }
      expect(await receiptsOf(orderId)).toEqual({
        orderId,
        receipts: [],
        issueCalls: cases.length,
        cancelCalls: 0,
      });
    });

    it('cancels in parts (c_ keys, tax-free part in proportion) and refuses more than is left', async () => {
      const issued = await issue({ amount: 10000, taxFreeAmount: 4000 }).expect(200);
      const key = issued.body.receiptKey as string;
      const first = await cancelReceipt(key, { amount: 2500 }).expect(200);
      expect(first.body).toMatchObject({
        transactionType: 'CANCEL',
        amount: 2500,
        taxFreeAmount: 1000,
        orderId: issued.body.orderId,
        type: '소득공제',
        customerIdentityNumber: PHONE,
        canceledAt: expect.stringMatching(/\+09:00$/),
      });
      expect(first.body.receiptKey).toMatch(/^c_[A-Za-z0-9]{40}$/);
      const tooMuch = await cancelReceipt(key, { amount: 7501 });
      expect(tooMuch.status).toBe(400);
      expect(tooMuch.body.code).toBe('INVALID_REQUEST');
      const rest = await cancelReceipt(key).expect(200);
      expect(rest.body).toMatchObject({ amount: 7500, taxFreeAmount: 3000 });
      expect(rest.body.receiptKey).not.toBe(first.body.receiptKey);
      const nothingLeft = await cancelReceipt(key);
      expect(nothingLeft.status).toBe(400);
      expect(nothingLeft.body.code).toBe('INVALID_REQUEST');
      const ofCancel = await cancelReceipt(rest.body.receiptKey as string);
      expect(ofCancel.status).toBe(404);
      expect(ofCancel.body.code).toBe('NOT_FOUND');
      const unknown = await cancelReceipt('no-such-receipt');
      expect(unknown.status).toBe(404);
      expect(await receiptsOf(issued.body.orderId as string)).toMatchObject({ cancelCalls: 5 });
    });
  });

  describe('GET /v1/cash-receipts', () => {
    it("lists the day's issues and cancels in order, a page at a time", async () => {
      const orderId = newOrderId();
      const a = await issue({ orderId, amount: 1000 }).expect(200);
      const b = await issue({ orderId, amount: 2000 }).expect(200);
      const c = await cancelReceipt(a.body.receiptKey as string).expect(200);
      const keys: string[] = [];
      let cursor: number | undefined;
      for (let page = 0; page < 1000; page++) {
        const res = await listCashReceipts(t.http, {
          requestDate: dayOf(a.body),
          limit: 2,
          ...(cursor === undefined ? {} : { cursor }),
        }).expect(200);
        expect(res.body.data.length).toBeLessThanOrEqual(2);
        keys.push(...res.body.data.map((r: JsonObject) => r.receiptKey as string));
        if (!res.body.hasNext) break;
        cursor = res.body.lastCursor as number;
        expect(Number.isInteger(cursor)).toBe(true);
      }
      const ours = [a, b, c].map((r) => r.body.receiptKey as string);
      expect(keys.filter((k) => ours.includes(k))).toEqual(ours);
    });

    it('answers an empty page for a day without receipts, and refuses a malformed query', async () => {
      const otherDay = await listCashReceipts(t.http, { requestDate: '2001-01-01' }).expect(200);
      expect(otherDay.body).toEqual({ hasNext: false, lastCursor: null, data: [] });
      const queries: Record<string, string | number>[] = [
        {},
        { requestDate: '2024-02-30' },
        { requestDate: '2024-05-01', limit: 10001 },
        { requestDate: '2024-05-01', cursor: 'x' },
      ];
      for (const query of queries) {
        const res = await listCashReceipts(t.http, query);
        expect({ query, status: res.status, code: res.body.code }).toEqual({
          query,
          status: 400,
          code: 'INVALID_REQUEST',
        });
      }
      const unauthenticated = await t.http.get(`${TOSS}/cash-receipts`).query(queries[1]);
      expect(unauthenticated.status).toBe(401);
    });
  });

  describe('Idempotency-Key and faults', () => {
    it('answers a repeated Idempotency-Key with the first receipt or cancel, made once', async () => {
      const orderId = newOrderId();
      const key = { 'Idempotency-Key': `receipt-${orderId}` };
      const first = await issue({ orderId }, key).expect(200);
      const again = await issue({ orderId, amount: 999 }, key).expect(200);
      expect(again.body).toEqual(first.body);
      const receiptKey = first.body.receiptKey as string;
      const cancelKey = { 'Idempotency-Key': `receipt-cancel-${orderId}` };
      const c1 = await cancelReceipt(receiptKey, { amount: 100 }, cancelKey).expect(200);
      const c2 = await cancelReceipt(receiptKey, { amount: 100 }, cancelKey).expect(200);
      expect(c2.body).toEqual(c1.body);
      const listed = await listedReceiptsOf(t.http, dayOf(first.body), orderId);
      expect(listed.map((r) => [r.transactionType, r.amount])).toEqual([
        ['CONFIRM', 15000],
        ['CANCEL', 100],
      ]);
      expect(await receiptsOf(orderId)).toMatchObject({ issueCalls: 2, cancelCalls: 2 });
    });

    it('APPROVE_THEN_ERROR on an issue: made, the answer lost; the list finds it and the same key replays it', async () => {
      const orderId = newOrderId();
      await addFault(t.http, {
        kind: 'APPROVE_THEN_ERROR',
        operation: 'cash-receipt-issue',
        orderId,
        count: 1,
      });
      const key = { 'Idempotency-Key': `receipt-${orderId}` };
      const lost = await issue({ orderId }, key);
      expect(lost.status).toBe(500);
      expect(lost.body.code).toBe('FAILED_INTERNAL_SYSTEM_PROCESSING');
      const [made] = (await receiptsOf(orderId)).receipts as JsonObject[];
      const found = await listedReceiptsOf(t.http, dayOf(made), orderId);
      expect(found).toEqual([made]);
      const retried = await issue({ orderId }, key).expect(200);
      expect(retried.body.receiptKey).toBe(made.receiptKey);
      expect((await receiptsOf(orderId)).receipts).toHaveLength(1);
    });

    it('APPROVE_THEN_HANG on a cancel: cancelled, no answer; the list finds the cancel and a retry replays it', async () => {
      const issued = await issue({ amount: 8000 }).expect(200);
      const orderId = issued.body.orderId as string;
      await addFault(t.http, {
        kind: 'APPROVE_THEN_HANG',
        operation: 'cash-receipt-cancel',
        orderId,
        count: 1,
      });
      const key = { 'Idempotency-Key': `receipt-cancel-${orderId}` };
      const hung = await cancelReceipt(issued.body.receiptKey as string, {}, key)
        .timeout(1500)
        .then(
          () => 'answered',
          (error: { timeout?: number }) => (error.timeout ? 'timed out' : 'failed'),
        );
      expect(hung).toBe('timed out');
      const listed = await listedReceiptsOf(t.http, dayOf(issued.body), orderId);
      expect(listed.map((r) => [r.transactionType, r.amount])).toEqual([
        ['CONFIRM', 8000],
        ['CANCEL', 8000],
      ]);
      const retried = await cancelReceipt(issued.body.receiptKey as string, {}, key).expect(200);
      expect(retried.body.receiptKey).toBe(listed[1].receiptKey);
    });

    it('ERROR, DECLINE, RESET and HANG issue nothing; TossPayments-Test-Code answers its code', async () => {
      const orderId = newOrderId();
      await addFault(t.http, { kind: 'ERROR', operation: 'cash-receipt-issue', orderId, count: 1 });
      expect((await issue({ orderId })).status).toBe(500);
      await addFault(t.http, {
        kind: 'DECLINE',
        operation: 'cash-receipt-issue',
        orderId,
        code: 'INVALID_BUSINESS_NUMBER',
        count: 1,
      });
      const declined = await issue({
        orderId,
        type: '지출증빙',
        customerIdentityNumber: '1234567890',
      });
      expect(declined.status).toBe(400);
      expect(declined.body.code).toBe('INVALID_BUSINESS_NUMBER');
      await addFault(t.http, { kind: 'RESET', operation: 'cash-receipt-issue', orderId, count: 1 });
      await expect(issue({ orderId })).rejects.toThrow();
      await addFault(t.http, { kind: 'HANG', operation: 'cash-receipt-issue', orderId, count: 1 });
      await expect(issue({ orderId }).timeout(1000)).rejects.toThrow();
      const forced = await issue(
        { orderId },
        { 'TossPayments-Test-Code': 'DUPLICATED_CASH_RECEIPT' },
      );
      expect(forced.status).toBe(400);
      expect(forced.body.code).toBe('DUPLICATED_CASH_RECEIPT');
      expect((await receiptsOf(orderId)).receipts).toEqual([]);
      await issue({ orderId }).expect(200);
    });

    it('a list fault answers its error; the next list works', async () => {
      await addFault(t.http, { kind: 'ERROR', operation: 'cash-receipt-list', count: 1 });
      const failed = await listCashReceipts(t.http, { requestDate: '2001-01-01' });
      expect(failed.status).toBe(500);
      await listCashReceipts(t.http, { requestDate: '2001-01-01' }).expect(200);
    });
  });

  describe("the NTS's outcome (issueStatus)", () => {
    it('turns COMPLETED one minute later on the sandbox clock', async () => {
      const issued = await issue({}).expect(200);
      expect(issued.body.issueStatus).toBe('IN_PROGRESS');
      await t.http.post(`${TEST}/clock`).send({ offsetMs: 61_000 }).expect(200);
      try {
        const [row] = await listedReceiptsOf(t.http, dayOf(issued.body), issued.body.orderId);
        expect(row).toMatchObject({ receiptKey: issued.body.receiptKey, issueStatus: 'COMPLETED' });
      } finally {
        await t.http.delete(`${TEST}/clock`).expect(200);
      }
    });

    it('follows a test control: FAILED with its failure, held IN_PROGRESS, unknown receipt 404', async () => {
      const issued = await issue({}).expect(200);
      const receiptKey = issued.body.receiptKey as string;
      const failure = { code: 'NTS_ERROR', message: '[TS1] 식별번호 길이 오류' };
      const failed = await t.http
        .post(`${TEST}/cash-receipts/${receiptKey}/outcome`)
        .send({ issueStatus: 'FAILED', failure })
        .expect(200);
      expect(failed.body).toMatchObject({ receiptKey, issueStatus: 'FAILED', failure });
      const [listed] = await listedReceiptsOf(t.http, dayOf(issued.body), issued.body.orderId);
      expect(listed).toMatchObject({ issueStatus: 'FAILED', failure });

      const held = await issue({}).expect(200);
      await t.http
        .post(`${TEST}/cash-receipts/${held.body.receiptKey}/outcome`)
        .send({ issueStatus: 'IN_PROGRESS' })
        .expect(200);
      await t.http.post(`${TEST}/clock`).send({ offsetMs: 3_600_000 }).expect(200);
      try {
        const [row] = (await receiptsOf(held.body.orderId as string)).receipts as JsonObject[];
        expect(row.issueStatus).toBe('IN_PROGRESS');
      } finally {
        await t.http.delete(`${TEST}/clock`).expect(200);
      }
      const unknown = await t.http
        .post(`${TEST}/cash-receipts/nope/outcome`)
        .send({ issueStatus: 'COMPLETED' });
      expect(unknown.status).toBe(404);
      const bad = await t.http
        .post(`${TEST}/cash-receipts/${receiptKey}/outcome`)
        .send({ issueStatus: 'DONE' });
      expect(bad.status).toBe(400);
    });
  });

  describe('receipts issued with a payment', () => {
    it('a transfer: issued at confirm, a CANCEL receipt per payment cancel with its key on the cancel', async () => {
      const payment = await authorize(t.http, {
        method: 'TRANSFER',
        amount: 10000,
        taxFreeAmount: 3000,
        cashReceipt: { type: '소득공제', customerIdentityNumber: PHONE },
      });
      const confirmed = await confirm(t.http, payment).expect(200);
      expect(confirmed.body.cashReceipt).toEqual({
        type: '소득공제',
        receiptKey: expect.any(String),
        issueNumber: expect.stringMatching(/^\d{9}$/),
        receiptUrl: expect.stringMatching(/^https:\/\//),
        amount: 10000,
        taxFreeAmount: 3000,
      });
      const issueKey = confirmed.body.cashReceipt.receiptKey as string;
      expect(confirmed.body.cashReceipts).toEqual([
        expect.objectContaining({
          receiptKey: issueKey,
          transactionType: 'CONFIRM',
          amount: 10000,
          taxFreeAmount: 3000,
          orderId: payment.orderId,
          customerIdentityNumber: PHONE,
          issueStatus: 'IN_PROGRESS',
        }),
      ]);

      const partial = await cancel(t.http, payment.paymentKey, {
        cancelReason: '부분',
        cancelAmount: 4000,
        taxFreeAmount: 1000,
      }).expect(200);
      const cancelKey = partial.body.cancels[0].receiptKey as string;
      expect(cancelKey).toMatch(/^c_/);
      expect(partial.body.cashReceipts).toHaveLength(2);
      expect(partial.body.cashReceipts[1]).toMatchObject({
        receiptKey: cancelKey,
        transactionType: 'CANCEL',
        amount: 4000,
        taxFreeAmount: 1000,
      });
      const rest = await cancel(t.http, payment.paymentKey, { cancelReason: '전액' }).expect(200);
      expect(rest.body.cancels[1]).toMatchObject({ cancelAmount: 6000, taxFreeAmount: 2000 });
      expect(rest.body.cashReceipts.map((r: JsonObject) => [r.transactionType, r.amount])).toEqual([
        ['CONFIRM', 10000],
        ['CANCEL', 4000],
        ['CANCEL', 6000],
      ]);
      expect(rest.body.cashReceipt.receiptKey).toBe(issueKey);
      expect(await paymentView(payment.paymentKey)).toMatchObject({
        cashReceipt: rest.body.cashReceipt,
        cashReceipts: rest.body.cashReceipts,
      });

      // The list shows them too.
      const listed = await listedReceiptsOf(
        t.http,
        dayOf(rest.body.cashReceipts[0]),
        payment.orderId,
      );
      expect(listed.map((r) => r.receiptKey)).toEqual(
        rest.body.cashReceipts.map((r: JsonObject) => r.receiptKey),
      );
      // And the webhook of the approval carried the receipt.
      const hooks = await t.http
        .get(`${TEST}/webhooks`)
        .query({ orderId: payment.orderId })
        .expect(200);
      const approval = (hooks.body.deliveries as JsonObject[]).find(
        (d) => d.payload.data?.status === 'DONE',
      );
      expect(approval?.payload.data.cashReceipt.receiptKey).toBe(issueKey);
    });

    it('a virtual account: none at confirm, issued at deposit, cancelled with the refund', async () => {
      const payment = await approved(t.http, {
        method: 'VIRTUAL_ACCOUNT',
        amount: 20000,
        cashReceipt: { type: '지출증빙', customerIdentityNumber: '1234567890' },
      });
      const waiting = await paymentView(payment.paymentKey);
      expect(waiting).toMatchObject({
        status: 'WAITING_FOR_DEPOSIT',
        cashReceipt: null,
        cashReceipts: null,
      });
      const deposited = await t.http
        .post(`${TEST}/deposit`)
        .send({ paymentKey: payment.paymentKey })
        .expect(200);
      expect(deposited.body.cashReceipt).toMatchObject({ type: '지출증빙', amount: 20000 });
      const refunded = await cancel(t.http, payment.paymentKey, {
        cancelReason: '환불',
        cancelAmount: 5000,
        refundReceiveAccount: ACCOUNT,
      }).expect(200);
      expect(refunded.body.cashReceipts[1]).toMatchObject({
        transactionType: 'CANCEL',
        amount: 5000,
        type: '지출증빙',
        customerIdentityNumber: '1234567890',
      });
      expect(refunded.body.cancels[0].receiptKey).toBe(refunded.body.cashReceipts[1].receiptKey);
    });

    it('an unpaid virtual account cancelled has no receipt; POST /v1/virtual-accounts takes cashReceipt too', async () => {
      const unpaid = await approved(t.http, {
        method: 'VIRTUAL_ACCOUNT',
        cashReceipt: { type: '소득공제', customerIdentityNumber: PHONE },
      });
      const canceled = await cancel(t.http, unpaid.paymentKey, { cancelReason: '취소' }).expect(
        200,
      );
      expect(canceled.body).toMatchObject({
        status: 'CANCELED',
        cashReceipt: null,
        cashReceipts: null,
      });
      expect(canceled.body.cancels[0].receiptKey).toBeNull();

      const orderId = newOrderId();
      const issued = await t.http
        .post(`${TOSS}/virtual-accounts`)
        .set(basicAuth())
        .send({
          amount: 12000,
          orderId,
          orderName: '상품',
          customerName: '홍길동',
          bank: '20',
          taxFreeAmount: 2000,
          cashReceipt: { type: '소득공제', registrationNumber: PHONE },
        })
        .expect(200);
      expect(issued.body).toMatchObject({ taxFreeAmount: 2000, cashReceipt: null });
      const deposited = await t.http.post(`${TEST}/deposit`).send({ orderId }).expect(200);
      expect(deposited.body.cashReceipt).toMatchObject({ amount: 12000, taxFreeAmount: 2000 });
    });

    it('미발행 asks for none; a card cannot ask; a bad number is refused at authorize', async () => {
      const none = await approved(t.http, { method: 'TRANSFER', cashReceipt: { type: '미발행' } });
      expect(await paymentView(none.paymentKey)).toMatchObject({
        cashReceipt: null,
        cashReceipts: null,
      });
      const cases: [Record<string, unknown>, string][] = [
        [
          { method: 'CARD', cashReceipt: { type: '소득공제', customerIdentityNumber: PHONE } },
          'INVALID_REQUEST',
        ],
        [{ method: 'TRANSFER', cashReceipt: { type: '현금' } }, 'INVALID_REQUEST'],
        [{ method: 'TRANSFER', cashReceipt: { type: '소득공제' } }, 'INVALID_CASH_RECEIPT_INFO'],
      ];
      for (const [body, code] of cases) {
        const res = await t.http
          .post(`${TEST}/authorize`)
          .send({ orderId: newOrderId(), amount: 15000, ...body });
        expect({ body, status: res.status, code: res.body.code }).toEqual({
          body,
          status: 400,
          code,
        });
      }
    });

    it("a payment cancel cancels only what the cash receipt API left of the payment's receipt", async () => {
      const payment = await approved(t.http, {
        method: 'TRANSFER',
        amount: 10000,
        cashReceipt: { type: '소득공제', customerIdentityNumber: PHONE },
      });
      const issueKey = (await paymentView(payment.paymentKey)).cashReceipt.receiptKey as string;
      await cancelReceipt(issueKey, { amount: 9000 }).expect(200);
      const canceled = await cancel(t.http, payment.paymentKey, {
        cancelReason: '전액',
      }).expect(200);
      expect(canceled.body.cashReceipts.map((r: JsonObject) => r.amount)).toEqual([
        10000, 9000, 1000,
      ]);
      expect(canceled.body.cancels[0].receiptKey).toBe(canceled.body.cashReceipts[2].receiptKey);
    });
  });
});
