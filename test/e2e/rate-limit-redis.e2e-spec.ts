import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { RATE_LIMIT_STORAGE } from '../../src/common/security/rate-limit.module';
import { RedisWindowStorage } from '../../src/common/security/redis-window.storage';
import { expectErrorBody } from '../factories/http.factory';
import { startTestApp, TestApp } from '../setup/test-app';
import { eventually } from '../support/poll';
import { RedisServer, startRedisServer } from '../support/redis-server';

const PER_EMAIL = 3;

/**
 * REDIS_URL: two instances on one database count rate limits in one real redis-server, so they
 * allow a limit once, not twice. While Redis is down each instance counts alone (fail open to
 * per-instance limits, README Operations), without stalling; when it is back they share again.
 */
describe('rate limits shared through Redis (e2e)', () => {
  let redis: RedisServer;
  let a: TestApp;
  let b: TestApp;

  const storageOf = (t: TestApp) =>
    t.app.get<RedisWindowStorage>(RATE_LIMIT_STORAGE, { strict: false });
  const bothShared = () =>
    eventually(
      () => Promise.resolve([storageOf(a).shared, storageOf(b).shared]),
      (shared) => shared.every(Boolean),
      { timeoutMs: 15_000, intervalMs: 50 },
    );
  /** A login attempt for `email` (always a wrong password): 401 counts, 429 is the limit. */
  const attempt = async (t: TestApp, email: string) => {
    const started = Date.now();
    const res = await t.http.post('/api/v1/auth/login').send({ email, password: 'wrong-password' });
    return { res, ms: Date.now() - started };
  };

  beforeAll(async () => {
    redis = await startRedisServer();
    const env = {
      REDIS_URL: redis.url,
      RATE_LIMIT_AUTH_PER_EMAIL: String(PER_EMAIL),
      RATE_LIMIT_AUTH_PER_IP: '1000000',
      RATE_LIMIT_GLOBAL: '1000000',
      RATE_LIMIT_WINDOW_SECONDS: '60',
      RECONCILE_INTERVAL_MS: '0',
    };
    a = await startTestApp({ env });
    b = await startTestApp({ env, databaseUrl: a.databaseUrl });
    await bothShared();
  });
  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
    await redis?.remove();
  });

  it('allows the limit once across two instances, not once per instance', async () => {
    expect([storageOf(a), storageOf(b)]).toEqual([
      expect.any(RedisWindowStorage),
      expect.any(RedisWindowStorage),
    ]);
    const email = `shared-${randomUUID()}@test.local`;
    // 3 attempts spread over both instances use up the one limit …
    for (const t of [a, b, a]) expect((await attempt(t, email)).res.status).toBe(401);
    // … so both refuse the 4th (counting alone, b would be at its 2nd and let it through).
    expectErrorBody((await attempt(b, email)).res, 429, 'RATE_LIMITED');
    expectErrorBody((await attempt(a, email)).res, 429, 'RATE_LIMITED');
    // Another email has a counter of its own.
    expect((await attempt(b, `other-${randomUUID()}@test.local`)).res.status).toBe(401);

    // Redis holds the counters under hashed keys, never the email itself.
    const client = new Redis(redis.url);
    try {
      const keys = await client.keys('*');
      expect(keys.length).toBeGreaterThanOrEqual(2);
      expect(keys.join(' ')).not.toMatch(/@test\.local/);
      expect(keys.every((key) => key.startsWith('toss-payments:rate-limit:'))).toBe(true);
      for (const key of keys) expect(await client.pttl(key)).toBeGreaterThan(0);
    } finally {
      client.disconnect();
    }
  });

  it('fails open to per-instance counters while Redis is down, then shares again when it is back', async () => {
    await redis.stop();

    const email = `down-${randomUUID()}@test.local`;
    for (const t of [a, b]) {
      // Each instance now counts alone: the limit holds per instance, and no answer waits on Redis.
      for (let i = 0; i < PER_EMAIL; i++) {
        const { res, ms } = await attempt(t, email);
        expect(res.status).toBe(401);
        expect(ms).toBeLessThan(2000);
      }
      const { res, ms } = await attempt(t, email);
      expectErrorBody(res, 429, 'RATE_LIMITED');
      expect(ms).toBeLessThan(2000);
    }
    expect([storageOf(a).shared, storageOf(b).shared]).toEqual([false, false]);

    await redis.start();
    await bothShared();
    const again = `back-${randomUUID()}@test.local`;
    for (const t of [a, b, a]) expect((await attempt(t, again)).res.status).toBe(401);
    expectErrorBody((await attempt(b, again)).res, 429, 'RATE_LIMITED');
  });
});
