/**
 * A shop's checkout, typed from the backend's openapi.json: register, sign in, read the catalogue,
 * order 상품1 ×2, pay in the sandbox (it stands in for Toss's payment window), confirm, read the
 * order back PAID; then confirm another order with the wrong amount and read the typed details of
 * its AMOUNT_MISMATCH. Every request and answer is checked by the compiler; nothing is cast.
 *
 * API_BASE_URL: the backend (default http://localhost:3000, what `npm start` serves).
 * SANDBOX_BASE_URL: where the sandbox's test controls are (default: the backend, which mounts them
 * when TOSS_SECRET_KEY is unset).
 */
import { randomUUID } from 'node:crypto';
import createClient from 'openapi-fetch';
import type { paths } from './api.js';

const API_BASE_URL = withoutTrailingSlash(process.env.API_BASE_URL ?? 'http://localhost:3000');
const SANDBOX_BASE_URL = withoutTrailingSlash(process.env.SANDBOX_BASE_URL ?? API_BASE_URL);

function withoutTrailingSlash(url: string): string {
  return url.replace(/\/+$/, '');
}

/** What openapi-fetch answers: data on a 2xx, the typed error body otherwise. */
interface Answer<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/** The data of a 2xx answer; any other answer stops the checkout with what the server said. */
function ok<T>(step: string, answer: Answer<T>): T {
  if (answer.data === undefined) {
    throw new Error(`${step}: HTTP ${answer.response.status} ${JSON.stringify(answer.error)}`);
  }
  return answer.data;
}

/** What Toss's window puts on the successUrl (paymentKey, orderId, amount). */
interface Authorization {
  paymentKey: string;
  orderId: string;
  amount: number;
}

function isAuthorization(value: unknown): value is Authorization {
  return (
    typeof value === 'object' &&
    value !== null &&
    'paymentKey' in value &&
    typeof value.paymentKey === 'string' &&
    'orderId' in value &&
    typeof value.orderId === 'string' &&
    'amount' in value &&
    typeof value.amount === 'number'
  );
}

/**
 * The customer paying by card in Toss's window, done by the sandbox's test control: it answers
 * what the window would hand the successUrl. Not part of the backend's contract, so plain fetch.
 * The order's tax-free part goes with the amount, as a shop passes it to requestPayment: Toss reads
 * it only there.
 */
async function payInSandbox(order: {
  orderId: string;
  orderName: string;
  amount: number;
  taxFreeAmount: number;
}): Promise<Authorization> {
  const { orderId, orderName, amount, taxFreeAmount } = order;
  const response = await fetch(`${SANDBOX_BASE_URL}/sandbox/toss/test/authorize`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ orderId, orderName, amount, taxFreeAmount, method: 'CARD' }),
  });
  const body: unknown = await response.json();
  if (!response.ok || !isAuthorization(body)) {
    throw new Error(`sandbox authorize: HTTP ${response.status} ${JSON.stringify(body)}`);
  }
  return body;
}

async function checkout(): Promise<void> {
  const api = createClient<paths>({ baseUrl: API_BASE_URL });

  const email = `typed-client-${randomUUID()}@example.com`;
  const password = 'typed-client-password';
  const user = ok(
    'register',
    await api.POST('/api/v1/auth/register', { body: { email, password, name: '김토스' } }),
  );
  console.log(`registered ${user.email} (${user.role})`);
  const { accessToken } = ok(
    'login',
    await api.POST('/api/v1/auth/login', { body: { email, password } }),
  );
  const shop = createClient<paths>({
    baseUrl: API_BASE_URL,
    headers: { Authorization: `Bearer ${accessToken}` },
  });

  const catalogue = ok(
    'list products',
    await shop.GET('/api/v1/products', { params: { query: { page: 1, limit: 100 } } }),
  );
  const product = catalogue.items.find((item) => item.name === '상품1');
  if (product === undefined) throw new Error('상품1 is not in the catalogue');
  console.log(`product ${product.name}: ${product.price} ${product.currency}`);

  const placeOrder = async () =>
    ok(
      'create order',
      await shop.POST('/api/v1/orders', {
        body: { items: [{ productId: product.id, quantity: 2 }] },
      }),
    );

  // The happy path: the server prices the order, the customer pays, the server confirms.
  const order = await placeOrder();
  console.log(`order ${order.orderId} "${order.orderName}" ${order.amount} ${order.currency}`);
  const paid = await payInSandbox(order);
  const payment = ok(
    'confirm',
    await shop.POST('/api/v1/payments/confirm', {
      body: { paymentKey: paid.paymentKey, orderId: paid.orderId, amount: paid.amount },
    }),
  );
  console.log(`payment ${payment.paymentKey} ${payment.status} ${payment.totalAmount}`);
  const readBack = ok(
    'read order',
    await shop.GET('/api/v1/orders/{orderId}', { params: { path: { orderId: order.orderId } } }),
  );
  if (readBack.status !== 'PAID') throw new Error(`order is ${readBack.status}, not PAID`);
  console.log(`order ${readBack.orderId} is PAID (${readBack.amount} ${readBack.currency})`);

  // A tampered successUrl: the server refuses before calling Toss and names both amounts.
  const second = await placeOrder();
  const authorized = await payInSandbox(second);
  const tampered = await shop.POST('/api/v1/payments/confirm', {
    body: {
      paymentKey: authorized.paymentKey,
      orderId: authorized.orderId,
      amount: authorized.amount - 1_000,
    },
  });
  const refusal = tampered.error;
  if (refusal === undefined) throw new Error('a confirm with the wrong amount was accepted');
  if (refusal.code !== 'AMOUNT_MISMATCH') {
    throw new Error(`expected AMOUNT_MISMATCH, got ${refusal.code}: ${refusal.message}`);
  }
  const { expected, got } = refusal.details;
  console.log(`AMOUNT_MISMATCH on order ${second.orderId}: expected ${expected}, got ${got}`);
}

try {
  await checkout();
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
}
