import { Client, Pool } from 'pg';
import type { Response } from 'supertest';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { DataSource } from 'typeorm';
import { toErrorBody } from '../../src/common/filters/all-exceptions.filter';
import { customer, SignedIn } from '../factories/auth.factory';
import { createOrder, seedProducts, SeedProduct } from '../factories/catalogue.factory';
import { expectErrorBody } from '../factories/http.factory';
import { eventually } from '../support/poll';
import { startTestApp, TestApp } from '../setup/test-app';

/**
 * What a PostgreSQL restart does to every session of the app's database: FATAL 57P01, then the
 * socket closes, to the app's own pool (the mounted sandbox keeps a pool of its own on the same
 * database, counted apart). Run from `admin`, whose session is spared; answers how many it terminated.
 */
async function terminateAppSessions(admin: Client): Promise<number> {
  await admin.query('SELECT pg_stat_clear_snapshot()');
  // In the select list, so that only the rows the WHERE kept are terminated (quals may be reordered).
  const { rows } = await admin.query<{ pid: number; terminated: boolean }>(
    `SELECT pid, pg_terminate_backend(pid) AS terminated FROM pg_stat_activity
      WHERE datname = current_database() AND pid <> pg_backend_pid()
        AND application_name = 'toss-payments-backend'`,
  );
  const pids = rows.filter((row) => row.terminated).map((row) => row.pid);
  // Gone once their backends have exited (background workers may open new sessions meanwhile).
  await eventually(
    () =>
      count(admin, 'SELECT count(*)::int AS n FROM pg_stat_activity WHERE pid = ANY($1)', [pids]),
    (n) => n === 0,
  );
  return pids.length;
}

async function count(client: Client, sql: string, params: unknown[] = []): Promise<number> {
  // pg_stat_activity is read once per transaction unless the snapshot is dropped (the locker's is open).
  await client.query('SELECT pg_stat_clear_snapshot()');
  return (await client.query<{ n: number }>(sql, params)).rows[0].n;
}

/** Sessions waiting for a lock: requests in flight, held on the table the test locked. */
const WAITING_ON_LOCK = `SELECT count(*)::int AS n FROM pg_stat_activity
                         WHERE datname = current_database() AND wait_event_type = 'Lock'`;

/** Small, so that a few requests fill it and more wait for a connection. */
const POOL_SIZE = 4;

function expectUnavailable(res: Response): void {
  expectErrorBody(res, 503, 'SERVICE_UNAVAILABLE');
  expect(res.headers['retry-after']).toMatch(/^\d+$/);
  expect(JSON.stringify(res.body)).not.toMatch(/57P01|terminating connection|at .*\.(js|ts):\d+/);
}

describe('the database drops the app’s connections (57P01, as a PostgreSQL restart does)', () => {
  let t: TestApp;
  let admin: Client;
  let kim: SignedIn;
  let products: Record<string, SeedProduct>;
  const uncaught: unknown[] = [];
  const onUncaught = (error: unknown) => uncaught.push(error);
  /** The app's pg-pool, under TypeORM. */
  const pool = () => (t.app.get(DataSource).driver as unknown as { master: Pool }).master;

  beforeAll(async () => {
    process.on('uncaughtException', onUncaught);
    t = await startTestApp({
      env: {
        RECONCILE_INTERVAL_MS: '0',
        RECONCILE_AUDIT_INTERVAL_MS: '0',
        DATABASE_POOL_SIZE: String(POOL_SIZE),
      },
    });
    admin = new Client({ connectionString: t.databaseUrl });
    await admin.connect();
    products = await seedProducts(t.http);
    kim = await customer(t.http);
  });

  afterAll(async () => {
    await admin?.end();
    await t?.close();
    process.off('uncaughtException', onUncaught);
  });

  afterEach(() => {
    // An 'error' event with no listener would have thrown here, out of pg's socket handler.
    if (uncaught.length > 0) {
      throw new Error(`uncaught in the app: ${uncaught.splice(0).map(String).join('; ')}`);
    }
  });

  it('keeps serving when its idle connections are terminated: the pool replaces them by itself', async () => {
    // Fill the pool with a few connections, all idle once the requests are answered.
    await Promise.all(Array.from({ length: 6 }, () => t.http.get('/api/v1/products').expect(200)));
    expect(await terminateAppSessions(admin)).toBeGreaterThan(0);

    await t.http.get('/api/v1/products').expect(200);
    await createOrder(t.http, kim.auth, [{ productId: products['상품1'].id, quantity: 1 }]);
    await t.http.get('/health/ready').expect(200);
  });

  it('answers the requests in flight 503 SERVICE_UNAVAILABLE with Retry-After, gives the requests waiting for a connection fresh ones, then keeps serving', async () => {
    // Hold the products table so that the requests' statements wait inside PostgreSQL, in flight,
    // each on one of the pool's connections; a few more wait in the pool for a connection.
    const queued = 3;
    await admin.query('BEGIN');
    await admin.query('LOCK TABLE products IN ACCESS EXCLUSIVE MODE');
    let inFlight: Promise<Response[]> | undefined;
    let waiting: Promise<Response[]> | undefined;
    try {
      inFlight = Promise.all([
        ...Array.from({ length: POOL_SIZE / 2 }, () => t.http.get('/api/v1/products')),
        ...Array.from({ length: POOL_SIZE / 2 }, () =>
          t.http
            .post('/api/v1/orders')
            .set(kim.auth)
            .send({ items: [{ productId: products['상품2'].id, quantity: 1 }] }),
        ),
      ]);
      await eventually(
        () => count(admin, WAITING_ON_LOCK),
        (n) => n >= POOL_SIZE,
      );
      waiting = Promise.all(Array.from({ length: queued }, () => t.http.get('/api/v1/products')));
      await eventually(
        () => Promise.resolve(pool().waitingCount),
        (n) => n >= queued,
      );
      expect(await terminateAppSessions(admin)).toBe(POOL_SIZE);
    } finally {
      await admin.query('COMMIT');
    }

    const cut = await inFlight;
    expect(cut.map((r) => r.status)).toEqual(Array(POOL_SIZE).fill(503));
    cut.forEach(expectUnavailable);
    // Handed new connections, not the cut ones the failed requests gave back.
    expect((await waiting).map((r) => r.status)).toEqual(Array(queued).fill(200));

    // The pool recovered by itself.
    const after = await Promise.all(
      Array.from({ length: POOL_SIZE }, () => t.http.get('/api/v1/products')),
    );
    expect(after.map((r) => r.status)).toEqual(Array(POOL_SIZE).fill(200));
    await createOrder(t.http, kim.auth, [{ productId: products['상품2'].id, quantity: 1 }]);
    await t.http.get('/health/ready').expect(200);
  });

  it('survives connections terminated inside a transaction, between its statements', async () => {
    // A connection checked out for a transaction and idle at that moment gets 57P01 as an 'error'
    // event, not as a query's error: the case that must never reach the process unhandled.
    const holders = await Promise.all(
      Array.from({ length: 4 }, async () => {
        const runner = t.app.get(DataSource).createQueryRunner();
        await runner.startTransaction();
        await runner.query('SELECT 1');
        return runner;
      }),
    );
    expect(await terminateAppSessions(admin)).toBeGreaterThanOrEqual(holders.length);
    for (const runner of holders) {
      await expect(runner.query('SELECT 1')).rejects.toThrow();
      await runner.rollbackTransaction().catch(() => undefined);
      await runner.release();
    }
    await t.http.get('/api/v1/products').expect(200);
  });

  it('a transaction whose connection was ended between its statements fails as a 503, not a 500', async () => {
    // TypeORM releases the runner when its connection emits 'error': the transaction's next
    // statement throws QueryRunnerAlreadyReleasedError, not the 57P01 that caused it.
    const txHost: TransactionHost<TransactionalAdapterTypeOrm> = t.app.get(TransactionHost);
    const failure = await txHost
      .withTransaction(async () => {
        await txHost.tx.query('SELECT 1');
        await terminateAppSessions(admin);
        await txHost.tx.query('SELECT 1');
      })
      .then(
        () => undefined,
        (error: unknown) => error,
      );
    expect(failure).toBeInstanceOf(Error);
    expect({ error: (failure as Error).name, body: toErrorBody(failure) }).toEqual({
      error: (failure as Error).name,
      body: expect.objectContaining({ statusCode: 503, code: 'SERVICE_UNAVAILABLE' }),
    });
    await t.http.get('/api/v1/products').expect(200);
  });

  it('survives a connection terminated while checked out of the pool with no one listening on it', async () => {
    // pg-pool takes its own listener off a client while it is checked out, and TypeORM drops its
    // listener after a first error: the client's own listener is what keeps the process up.
    const client = await pool().connect();
    try {
      expect(await terminateAppSessions(admin)).toBeGreaterThan(0);
    } finally {
      client.release(true);
    }
    await t.http.get('/api/v1/products').expect(200);
  });
});
