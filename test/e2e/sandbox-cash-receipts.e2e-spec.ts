import { startTestApp, TestApp } from '../setup/test-app';
import { addFault, basicAuth, newOrderId, TEST, TOSS } from './sandbox-helpers';

/** Today's date in Seoul (the list's requestDate), on the sandbox clock at offset 0. */
function seoulDate(at = new Date()): string {
  return new Date(at.getTime() + 9 * 3600_000).toISOString().slice(0, 10);
}

/** Cash receipts (현금영수증): issue, cancel, list by day, Idempotency-Key, faults. */
describe('Toss sandbox: cash receipts', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  function issue(body: Record<string, unknown>, headers: Record<string, string> = {}) {
    return t.http
      .post(`${TOSS}/cash-receipts`)
      .set({ ...basicAuth(), ...headers })
      .send({
        amount: 15000,
        orderId: newOrderId(),
        orderName: '상품1 외 1건',
        type: '소득공제',
        customerIdentityNumber: '01012345678',
        ...body,
      });
  }

  function cancelReceipt(
    receiptKey: string,
    body: Record<string, unknown> = {},
    headers: Record<string, string> = {},
  ) {
    return t.http
      .post(`${TOSS}/cash-receipts/${encodeURIComponent(receiptKey)}/cancel`)
      .set({ ...basicAuth(), ...headers })
      .send(body);
  }

  function list(query: Record<string, string | number>) {
    return t.http.get(`${TOSS}/cash-receipts`).set(basicAuth()).query(query);
  }

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
      customerIdentityNumber: '01012345678',
      failure: null,
      requestedAt: expect.stringMatching(/\+09:00$/),
      approvedAt: expect.stringMatching(/\+09:00$/),
      canceledAt: null,
      receiptUrl: expect.stringMatching(/^https:\/\//),
    });
  });

  it('refuses malformed requests with Toss codes and issues nothing', async () => {
    const orderId = newOrderId();
    const badType = await issue({ orderId, type: '미발행' });
    expect(badType.status).toBe(400);
    expect(badType.body.code).toBe('INVALID_REQUEST');
    const badNumber = await issue({ orderId, customerIdentityNumber: '010-1234-5678' });
    expect(badNumber.status).toBe(400);
    expect(badNumber.body.code).toBe('INVALID_CASH_RECEIPT_INFO');
    const tooLong = await issue({ orderId, customerIdentityNumber: '1'.repeat(31) });
    expect(tooLong.body.code).toBe('INVALID_CASH_RECEIPT_INFO');
    const taxFree = await issue({ orderId, amount: 1000, taxFreeAmount: 1001 });
    expect(taxFree.status).toBe(400);
    expect(taxFree.body.code).toBe('INVALID_REQUEST');
    const listed = await list({ requestDate: seoulDate(), limit: 10000 }).expect(200);
    expect(listed.body.data.filter((r: { orderId: string }) => r.orderId === orderId)).toEqual([]);
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
      customerIdentityNumber: '01012345678',
      canceledAt: expect.stringMatching(/\+09:00$/),
    });
    expect(first.body.receiptKey).toMatch(/^c_/);
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
  });

  it('lists the day’s issues and cancels in order, a page at a time', async () => {
    const orderId = newOrderId();
    const a = await issue({ orderId, amount: 1000 }).expect(200);
    const b = await issue({ orderId, amount: 2000 }).expect(200);
    const c = await cancelReceipt(a.body.receiptKey as string).expect(200);
    const keys: string[] = [];
    let cursor: number | undefined;
    for (let page = 0; page < 1000; page++) {
      const res = await list({
        requestDate: seoulDate(),
        limit: 2,
        ...(cursor === undefined ? {} : { cursor }),
      }).expect(200);
      expect(res.body.data.length).toBeLessThanOrEqual(2);
      keys.push(...res.body.data.map((r: { receiptKey: string }) => r.receiptKey));
      if (!res.body.hasNext) break;
      cursor = res.body.lastCursor as number;
      expect(Number.isInteger(cursor)).toBe(true);
    }
    const ours = [a, b, c].map((r) => r.body.receiptKey as string);
    expect(keys.filter((k) => ours.includes(k))).toEqual(ours);

    const otherDay = await list({ requestDate: '2001-01-01' }).expect(200);
    expect(otherDay.body).toEqual({ hasNext: false, lastCursor: null, data: [] });
    for (const bad of [
      {},
      { requestDate: '2024-02-30' },
      { requestDate: seoulDate(), limit: 10001 },
    ]) {
      const res = await list(bad as Record<string, string>);
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('INVALID_REQUEST');
    }
  });

  it('answers a repeated Idempotency-Key with the first receipt, issuing once', async () => {
    const orderId = newOrderId();
    const key = { 'Idempotency-Key': `receipt-${orderId}` };
    const first = await issue({ orderId }, key).expect(200);
    const again = await issue({ orderId, amount: 999 }, key).expect(200);
    expect(again.body).toEqual(first.body);
    const cancelKey = { 'Idempotency-Key': `receipt-cancel-${orderId}` };
    const c1 = await cancelReceipt(
      first.body.receiptKey as string,
      { amount: 100 },
      cancelKey,
    ).expect(200);
    const c2 = await cancelReceipt(
      first.body.receiptKey as string,
      { amount: 100 },
      cancelKey,
    ).expect(200);
    expect(c2.body).toEqual(c1.body);
    const listed = await list({ requestDate: seoulDate(), limit: 10000 }).expect(200);
    expect(
      listed.body.data
        .filter((r: { orderId: string }) => r.orderId === orderId)
        .map((r: { transactionType: string; amount: number }) => [r.transactionType, r.amount]),
    ).toEqual([
      ['CONFIRM', 15000],
      ['CANCEL', 100],
    ]);
  });

  it('APPROVE_THEN_ERROR: the receipt is made, the answer lost; the list finds it and a retry replays it', async () => {
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
    const listed = await list({ requestDate: seoulDate(), limit: 10000 }).expect(200);
    const found = listed.body.data.filter((r: { orderId: string }) => r.orderId === orderId);
    expect(found).toHaveLength(1);
    const retried = await issue({ orderId }, key).expect(200);
    expect(retried.body.receiptKey).toBe(found[0].receiptKey);
  });

  it('ERROR and DECLINE faults issue nothing; TossPayments-Test-Code answers its code', async () => {
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
    const forced = await issue(
      { orderId },
      { 'TossPayments-Test-Code': 'DUPLICATED_CASH_RECEIPT' },
    );
    expect(forced.status).toBe(400);
    expect(forced.body.code).toBe('DUPLICATED_CASH_RECEIPT');
    const listed = await list({ requestDate: seoulDate(), limit: 10000 }).expect(200);
    expect(listed.body.data.filter((r: { orderId: string }) => r.orderId === orderId)).toEqual([]);
    await issue({ orderId }).expect(200);
  });

  it('issueStatus turns COMPLETED one minute later on the sandbox clock', async () => {
    const orderId = newOrderId();
    const issued = await issue({ orderId }).expect(200);
    expect(issued.body.issueStatus).toBe('IN_PROGRESS');
    await t.http.post(`${TEST}/clock`).send({ offsetMs: 61_000 }).expect(200);
    try {
      // requestDate is the Seoul day of requestedAt, whatever the clock says now.
      const listed = await list({
        requestDate: (issued.body.requestedAt as string).slice(0, 10),
        limit: 10000,
      }).expect(200);
      const row = listed.body.data.find((r: { orderId: string }) => r.orderId === orderId);
      expect(row).toMatchObject({ receiptKey: issued.body.receiptKey, issueStatus: 'COMPLETED' });
    } finally {
      await t.http.delete(`${TEST}/clock`).expect(200);
    }
  });
});
