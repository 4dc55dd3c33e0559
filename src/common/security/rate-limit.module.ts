import { Module } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import { opsConfig } from '../../config/app.config';
import { FixedWindowStorage } from './fixed-window.storage';
import { RateLimitGuard } from './rate-limit.guard';

/**
 * Rate limits (RATE_LIMIT_* in config). Import it after AuthModule: global guards run in module
 * order, and the per-customer limit needs the user the auth guard verified.
 */
@Module({
  imports: [
    ThrottlerModule.forRootAsync({
      inject: [opsConfig.KEY],
      useFactory: (ops: ConfigType<typeof opsConfig>) => ({
        // RateLimitGuard picks the limits per route itself; this names the ceiling for the module.
        throttlers: [{ name: 'global:ip', limit: ops.rateLimit.global, ttl: ops.rateLimit.windowSeconds * 1000 }],
        // In memory, per instance; a shared ThrottlerStorage (Redis, …) would make limits cluster-wide.
        storage: new FixedWindowStorage(),
      }),
    }),
  ],
  providers: [{ provide: APP_GUARD, useClass: RateLimitGuard }],
})
export class RateLimitModule {}
