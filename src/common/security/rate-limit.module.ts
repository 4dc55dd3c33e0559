import { Module } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerModule, type ThrottlerStorage } from '@nestjs/throttler';
import { opsConfig } from '../../config/app.config';
import { FixedWindowStorage } from './fixed-window.storage';
import { RateLimitGuard } from './rate-limit.guard';
import { RedisWindowStorage } from './redis-window.storage';

/** The counters' store: this process's memory, or Redis shared by every instance when REDIS_URL is set. */
export const RATE_LIMIT_STORAGE = Symbol('RATE_LIMIT_STORAGE');

/** A provider of its own so that Nest closes the Redis connection on shutdown. */
@Module({
  providers: [
    {
      provide: RATE_LIMIT_STORAGE,
      inject: [opsConfig.KEY],
      useFactory: (ops: ConfigType<typeof opsConfig>): ThrottlerStorage =>
        ops.rateLimit.redisUrl
          ? new RedisWindowStorage(ops.rateLimit.redisUrl)
          : new FixedWindowStorage(),
    },
  ],
  exports: [RATE_LIMIT_STORAGE],
})
class RateLimitStorageModule {}

/**
 * Rate limits (RATE_LIMIT_* in config). Import it after AuthModule: global guards run in module
 * order, and the per-customer limit needs the user the auth guard verified.
 */
@Module({
  imports: [
    ThrottlerModule.forRootAsync({
      imports: [RateLimitStorageModule],
      inject: [opsConfig.KEY, RATE_LIMIT_STORAGE],
      useFactory: (ops: ConfigType<typeof opsConfig>, storage: ThrottlerStorage) => ({
        // RateLimitGuard picks the limits per route itself; this names the ceiling for the module.
        throttlers: [
          {
            name: 'global:ip',
            limit: ops.rateLimit.global,
            ttl: ops.rateLimit.windowSeconds * 1000,
          },
        ],
        storage,
      }),
    }),
  ],
  providers: [{ provide: APP_GUARD, useClass: RateLimitGuard }],
})
export class RateLimitModule {}
