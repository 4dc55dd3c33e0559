import type { DestinationStream } from 'pino';
import TestAgent from 'supertest/lib/agent';
import { admin, customer, SignedIn } from './auth.factory';
import { createOrder, seedProducts, SeedProduct } from './catalogue.factory';
import { authorize } from './sandbox.factory';
import { startTestApp, TestApp } from '../setup/test-app';

export interface Shop {
  t: TestApp;
  products: Record<string, SeedProduct>;
  /** A signed-in customer. */
  kim: SignedIn;
  /** The start-up admin, signed in. */
  boss: SignedIn;
}

/** The app on a fresh database with the seed catalogue, a customer and the admin signed in. */
export async function openShop(
  env: Record<string, string>,
  logDestination?: DestinationStream,
): Promise<Shop> {
  const t = await startTestApp({ env, logDestination });
  return {
    t,
    products: await seedProducts(t.http),
    kim: await customer(t.http),
    boss: await admin(t.http),
  };
}

/**
 * The shop for one test file: opened before its tests, closed after them. Its fields are filled in
 * by that beforeAll, so read them inside tests and hooks, not when the file is loaded.
 */
export function useShop(env: Record<string, string>, logDestination?: DestinationStream): Shop {
  const shop = {} as Shop;
  beforeAll(async () => {
    Object.assign(shop, await openShop(env, logDestination));
  });
  afterAll(() => shop.t?.close());
  return shop;
}

export interface Checkout {
  orderId: string;
  orderName: string;
  amount: number;
  paymentKey: string;
}

/** The whole checkout: order, the customer's authentication in Toss's window (sandbox), confirm. */
export async function paidOrder(
  http: TestAgent,
  who: SignedIn,
  product: SeedProduct,
  method = 'CARD',
  quantity = 1,
): Promise<Checkout> {
  const order = await createOrder(http, who.auth, [{ productId: product.id, quantity }]);
  const paymentKey = await authorize(http, order, method);
  await http
    .post('/api/v1/payments/confirm')
    .set(who.auth)
    .send({ paymentKey, orderId: order.orderId, amount: order.amount })
    .expect(200);
  return { orderId: order.orderId, orderName: order.orderName, amount: order.amount, paymentKey };
}
