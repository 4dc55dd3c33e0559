import { JsonClient, percentile } from './support';

export interface CheckoutLoad {
  /** The service under test (the app, or the seed-style baseline). */
  appUrl: string;
  /** The Toss sandbox (standalone), where the "browser" authorizes the payment. */
  sandboxUrl: string;
  connections: number;
  durationMs: number;
  /** Bearer tokens of the customers the connections take turns with. */
  tokens: string[];
  productId: string;
}

export interface CheckoutResult {
  checkouts: number;
  perSecond: number;
  /** Whole checkout (order → authorize → confirm), ms. */
  p50: number;
  p99: number;
  /** The confirm request alone, ms. */
  confirmP50: number;
  confirmP99: number;
  errors: number;
  firstErrors: string[];
}

/**
 * A closed loop per connection: create the order (app), authorize it as Toss's window would
 * (sandbox), confirm it (app); then the next. autocannon drives one origin only, and a checkout
 * spans two, hence this small driver.
 */
export async function runCheckouts(load: CheckoutLoad): Promise<CheckoutResult> {
  const app = new JsonClient(load.appUrl, load.connections);
  const sandbox = new JsonClient(load.sandboxUrl, load.connections);
  const totals: number[] = [];
  const confirms: number[] = [];
  const firstErrors: string[] = [];
  let errors = 0;
  const started = performance.now();
  const end = started + load.durationMs;

  async function worker(index: number): Promise<void> {
    const auth = { authorization: `Bearer ${load.tokens[index % load.tokens.length]}` };
    while (performance.now() < end) {
      const t0 = performance.now();
      try {
        const order = await app.json<{ orderId: string; amount: number; orderName: string }>(
          'POST',
          '/api/v1/orders',
          { items: [{ productId: load.productId, quantity: 1 }] },
          auth,
          [201],
        );
        const { paymentKey } = await sandbox.json<{ paymentKey: string }>(
          'POST',
          '/sandbox/toss/test/authorize',
          {
            orderId: order.orderId,
            amount: order.amount,
            orderName: order.orderName,
            method: 'CARD',
          },
          {},
          [200],
        );
        const t1 = performance.now();
        await app.json(
          'POST',
          '/api/v1/payments/confirm',
          { paymentKey, orderId: order.orderId, amount: order.amount },
          auth,
          [200],
        );
        const t2 = performance.now();
        totals.push(t2 - t0);
        confirms.push(t2 - t1);
      } catch (error) {
        errors++;
        if (firstErrors.length < 5)
          firstErrors.push(error instanceof Error ? error.message.slice(0, 300) : String(error));
      }
    }
  }

  await Promise.all(Array.from({ length: load.connections }, (_, i) => worker(i)));
  app.close();
  sandbox.close();
  return summarize({ totals, confirms, errors, firstErrors }, started);
}

/**
 * The sandbox alone, no app: authorize then confirm at its Toss API, as fast as it answers. The
 * ceiling of any checkout through it on this machine.
 */
export async function runSandboxOnly(
  sandboxUrl: string,
  connections: number,
  durationMs: number,
): Promise<CheckoutResult> {
  const sandbox = new JsonClient(sandboxUrl, connections);
  const auth = {
    authorization: `Basic ${Buffer.from('test_sk_bench_ceiling:').toString('base64')}`,
  };
  const totals: number[] = [];
  const confirms: number[] = [];
  const firstErrors: string[] = [];
  let errors = 0;
  let serial = 0;
  const started = performance.now();
  const end = started + durationMs;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (performance.now() < end) {
        const t0 = performance.now();
        const orderId = `bench_${process.pid}_${Date.now().toString(36)}_${serial++}`;
        try {
          const { paymentKey } = await sandbox.json<{ paymentKey: string }>(
            'POST',
            '/sandbox/toss/test/authorize',
            { orderId, amount: 5000, orderName: '상품1', method: 'CARD' },
            {},
            [200],
          );
          const t1 = performance.now();
          await sandbox.json(
            'POST',
            '/sandbox/toss/v1/payments/confirm',
            { paymentKey, orderId, amount: 5000 },
            { ...auth, 'idempotency-key': `confirm:${orderId}` },
            [200],
          );
          const t2 = performance.now();
          totals.push(t2 - t0);
          confirms.push(t2 - t1);
        } catch (error) {
          errors++;
          if (firstErrors.length < 5)
            firstErrors.push(error instanceof Error ? error.message.slice(0, 300) : String(error));
        }
      }
    }),
  );
  sandbox.close();
  return summarize({ totals, confirms, errors, firstErrors }, started);
}

/** Throughput and percentiles of a run that started at `started` (performance.now()) and ends now. */
function summarize(
  run: { totals: number[]; confirms: number[]; errors: number; firstErrors: string[] },
  started: number,
): CheckoutResult {
  const elapsed = (performance.now() - started) / 1000;
  const totals = [...run.totals].sort((a, b) => a - b);
  const confirms = [...run.confirms].sort((a, b) => a - b);
  return {
    checkouts: totals.length,
    perSecond: totals.length / elapsed,
    p50: percentile(totals, 50),
    p99: percentile(totals, 99),
    confirmP50: percentile(confirms, 50),
    confirmP99: percentile(confirms, 99),
    errors: run.errors,
    firstErrors: run.firstErrors,
  };
}
