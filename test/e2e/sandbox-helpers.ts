import { randomUUID } from 'node:crypto';
import TestAgent from 'supertest/lib/agent';

/** Helpers of the sandbox contract tests (test/e2e/sandbox-*.e2e-spec.ts). */

export const TEST_SECRET_KEY = 'test_sk_contract_0123456789';

/** Toss's Basic auth: the secret key is the user name and the password is empty (trailing colon). */
export function basicAuth(secretKey = TEST_SECRET_KEY): { Authorization: string } {
  return { Authorization: `Basic ${Buffer.from(`${secretKey}:`).toString('base64')}` };
}

export function newOrderId(): string {
  return `ord_${randomUUID().replaceAll('-', '').slice(0, 20)}`;
}

/** A JSON body as supertest hands it over (untyped on purpose: tests read fields as they come). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type JsonObject = Record<string, any>;

export const TOSS = '/sandbox/toss/v1';
export const TEST = '/sandbox/toss/test';

export interface Authorized {
  paymentKey: string;
  orderId: string;
  amount: number;
}

/**
 * The browser step without a browser: an IN_PROGRESS payment ready to confirm. The body goes to
 * POST /test/authorize as given, e.g. `taxFreeAmount`, or `method: 'TRANSFER'` with
 * `cashReceipt: {type: '소득공제', customerIdentityNumber: '01012345678'}`.
 */
export async function authorize(
  http: TestAgent,
  body: Record<string, unknown> = {},
): Promise<Authorized> {
  const orderId = (body.orderId as string | undefined) ?? newOrderId();
  const amount = (body.amount as number | undefined) ?? 15000;
  const res = await http
    .post(`${TEST}/authorize`)
    .send({ orderName: '상품1 외 1건', ...body, orderId, amount });
  if (res.status !== 200)
    throw new Error(`authorize failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { paymentKey: res.body.paymentKey as string, orderId, amount };
}

export function confirm(
  http: TestAgent,
  payment: Authorized,
  headers: Record<string, string> = {},
) {
  return http
    .post(`${TOSS}/payments/confirm`)
    .set({ ...basicAuth(), ...headers })
    .send({ paymentKey: payment.paymentKey, orderId: payment.orderId, amount: payment.amount });
}

/** Authorized and confirmed (DONE, or WAITING_FOR_DEPOSIT for a virtual account). */
export async function approved(
  http: TestAgent,
  body: Record<string, unknown> = {},
): Promise<Authorized> {
  const payment = await authorize(http, body);
  const res = await confirm(http, payment);
  if (res.status !== 200)
    throw new Error(`confirm failed: ${res.status} ${JSON.stringify(res.body)}`);
  return payment;
}

export function cancel(
  http: TestAgent,
  paymentKey: string,
  body: Record<string, unknown>,
  headers: Record<string, string> = {},
) {
  return http
    .post(`${TOSS}/payments/${paymentKey}/cancel`)
    .set({ ...basicAuth(), ...headers })
    .send(body);
}

export interface ReadBack {
  orderId: string;
  payments: Record<string, unknown>[];
  payment: JsonObject | null;
  confirmCalls: number;
  cancelCalls: number;
  getCalls: number;
  approvals: number;
  deposits: number;
  cancels: number;
}

export async function readBack(http: TestAgent, orderId: string): Promise<ReadBack> {
  const res = await http.get(`${TEST}/payments`).query({ orderId }).expect(200);
  return res.body as ReadBack;
}

export async function addFault(
  http: TestAgent,
  fault: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const res = await http.post(`${TEST}/faults`).send(fault);
  if (res.status !== 200)
    throw new Error(`fault refused: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as Record<string, unknown>;
}

/** Polls `probe` until it returns a value (not undefined) or the deadline passes. */
export async function eventually<T>(
  probe: () => T | undefined | Promise<T | undefined>,
  timeoutMs = 10_000,
  what = 'condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

// ---------------------------------------------------------------- recurring payments (billing)

/** A customerKey as the SDK takes it (2–50 of A–Z a–z 0–9 - _ = . @), random like a UUID. */
export function newCustomerKey(): string {
  return `cus_${randomUUID().replaceAll('-', '').slice(0, 24)}`;
}

export interface BillingAuth {
  authKey: string;
  customerKey: string;
}

/** The billing-auth window without a browser: a one-time authKey for the customer. */
export async function authorizeBilling(
  http: TestAgent,
  customerKey = newCustomerKey(),
  body: Record<string, unknown> = {},
): Promise<BillingAuth> {
  const res = await http.post(`${TEST}/billing/authorize`).send({ ...body, customerKey });
  if (res.status !== 200)
    throw new Error(`billing authorize failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as BillingAuth;
}

export function issueBillingKey(
  http: TestAgent,
  auth: BillingAuth,
  headers: Record<string, string> = {},
) {
  return http
    .post(`${TOSS}/billing/authorizations/issue`)
    .set({ ...basicAuth(), ...headers })
    .send({ authKey: auth.authKey, customerKey: auth.customerKey });
}

export interface BillingKey {
  billingKey: string;
  customerKey: string;
}

/** A card registered and its billing key issued, for a new customer unless one is given. */
export async function billingKeyFor(
  http: TestAgent,
  customerKey = newCustomerKey(),
  body: Record<string, unknown> = {},
): Promise<BillingKey> {
  const res = await issueBillingKey(http, await authorizeBilling(http, customerKey, body));
  if (res.status !== 200)
    throw new Error(`billing key issue failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { billingKey: res.body.billingKey as string, customerKey };
}

/** POST /v1/billing/{billingKey} (the key URL-encoded: it may end in `=`). */
export function chargeBillingKey(
  http: TestAgent,
  billingKey: string,
  body: Record<string, unknown>,
  headers: Record<string, string> = {},
) {
  return http
    .post(`${TOSS}/billing/${encodeURIComponent(billingKey)}`)
    .set({ ...basicAuth(), ...headers })
    .send(body);
}

// ---------------------------------------------------------------- cash receipts (현금영수증)

/** POST /v1/cash-receipts: 15000 소득공제 for a new order unless the body says otherwise. */
export function issueCashReceipt(
  http: TestAgent,
  body: Record<string, unknown> = {},
  headers: Record<string, string> = {},
) {
  return http
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

/** POST /v1/cash-receipts/{receiptKey}/cancel: all that is left, or `{amount}` of it. */
export function cancelCashReceipt(
  http: TestAgent,
  receiptKey: string,
  body: Record<string, unknown> = {},
  headers: Record<string, string> = {},
) {
  return http
    .post(`${TOSS}/cash-receipts/${encodeURIComponent(receiptKey)}/cancel`)
    .set({ ...basicAuth(), ...headers })
    .send(body);
}

/** GET /v1/cash-receipts?requestDate (the Seoul day of requestedAt: `requestedAt.slice(0, 10)`). */
export function listCashReceipts(http: TestAgent, query: Record<string, string | number>) {
  return http.get(`${TOSS}/cash-receipts`).set(basicAuth()).query(query);
}

/** Every receipt of `orderId` the list shows for a day, walking its pages. */
export async function listedReceiptsOf(
  http: TestAgent,
  requestDate: string,
  orderId: string,
): Promise<JsonObject[]> {
  const found: JsonObject[] = [];
  let cursor: number | undefined;
  for (;;) {
    const res = await listCashReceipts(http, {
      requestDate,
      limit: 10000,
      ...(cursor === undefined ? {} : { cursor }),
    });
    if (res.status !== 200)
      throw new Error(`cash receipt list failed: ${res.status} ${JSON.stringify(res.body)}`);
    found.push(...(res.body.data as JsonObject[]).filter((r) => r.orderId === orderId));
    if (!res.body.hasNext) return found;
    cursor = res.body.lastCursor as number;
  }
}
