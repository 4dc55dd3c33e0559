import { createHash } from 'node:crypto';
import { Logger, OnApplicationShutdown } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';
import Redis, { type Result } from 'ioredis';
import { FixedWindowStorage } from './fixed-window.storage';

declare module 'ioredis' {
  interface RedisCommander<Context> {
    rateLimitHit(key: string, windowMs: number): Result<[number, number], Context>;
  }
}

/**
 * One hit in a fixed window, atomically: the first hit starts the window (PEXPIRE), every hit reads
 * how long it has left. A script, so that no instance can see a counter without its expiry.
 */
const HIT = `
local hits = redis.call('INCR', KEYS[1])
local left = redis.call('PTTL', KEYS[1])
if left < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  left = tonumber(ARGV[1])
end
return {hits, left}`;

type StorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

const PREFIX = 'toss-payments:rate-limit:';
/** A healthy Redis answers in about a millisecond; past this the request counts locally instead. */
const COMMAND_TIMEOUT_MS = 300;
/** After a failure, how long requests count locally before Redis is tried again (unless it reconnects). */
const RETRY_AFTER_MS = 1000;

/**
 * Fixed-window counters in Redis, shared by every instance: N instances allow a limit once, not N
 * times. Same windows and answers as FixedWindowStorage. Fails open to per-instance counters: while
 * Redis cannot answer, each instance counts in its own memory (as without REDIS_URL), so a Redis
 * outage neither refuses nor stalls requests; the limits then hold per instance until it is back.
 *
 * @nest-lab/throttler-storage-redis and @nestjs-redis/throttler-storage declare @nestjs/common up
 * to 11 only (npm ci fails with ERESOLVE on Nest 12), hence this small storage over ioredis.
 */
export class RedisWindowStorage implements ThrottlerStorage, OnApplicationShutdown {
  private readonly logger = new Logger('RateLimit');
  private readonly client: Redis;
  private readonly local = new FixedWindowStorage();
  private readonly where: string;
  private localUntil = 0;
  private degraded = false;

  constructor(redisUrl: string) {
    const url = new URL(redisUrl);
    // Never the password: only where Redis is, for the log lines.
    this.where = `${url.hostname}:${url.port || '6379'}`;
    this.client = new Redis(redisUrl, {
      // A command while disconnected fails at once (and the request counts locally), not queued.
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      commandTimeout: COMMAND_TIMEOUT_MS,
      connectTimeout: 2000,
      retryStrategy: (attempt) => Math.min(attempt * 100, 2000),
    });
    this.client.defineCommand('rateLimitHit', { numberOfKeys: 1, lua: HIT });
    this.client.on('ready', () => {
      this.localUntil = 0;
      if (this.degraded)
        this.logger.log(`Redis at ${this.where} is back: rate limits are shared again`);
      else
        this.logger.log(
          `rate limits are counted in Redis at ${this.where}, shared by every instance`,
        );
      this.degraded = false;
    });
    // Without a listener ioredis's reconnect errors would be unhandled 'error' events.
    this.client.on('error', (error: Error) => this.fail(error));
  }

  /** True while counts go to Redis; false while this instance counts alone. */
  get shared(): boolean {
    return this.client.status === 'ready' && Date.now() >= this.localUntil;
  }

  async increment(key: string, ttl: number, limit: number): Promise<StorageRecord> {
    if (this.shared) {
      try {
        const [hits, leftMs] = await this.client.rateLimitHit(PREFIX + digest(key), ttl);
        const secondsLeft = Math.max(1, Math.ceil(leftMs / 1000));
        const isBlocked = hits > limit;
        return {
          totalHits: hits,
          timeToExpire: secondsLeft,
          isBlocked,
          timeToBlockExpire: isBlocked ? secondsLeft : 0,
        };
      } catch (error) {
        this.fail(error as Error);
      }
    }
    return this.local.increment(key, ttl, limit);
  }

  onApplicationShutdown(): void {
    this.client.disconnect();
  }

  private fail(error: Error): void {
    this.localUntil = Date.now() + RETRY_AFTER_MS;
    if (this.degraded) return;
    this.degraded = true;
    this.logger.warn(
      `Redis at ${this.where} cannot count rate limits (${error.message}): each instance counts alone until it is back`,
    );
  }
}

/** Keys hold emails and IPs: Redis sees only their hash. */
function digest(key: string): string {
  return createHash('sha256').update(key).digest('base64url').slice(0, 32);
}
