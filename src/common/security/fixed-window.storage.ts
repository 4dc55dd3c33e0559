import { Injectable } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';

interface Window {
  hits: number;
  resetsAt: number;
}

/**
 * Fixed-window counters in this process's memory: O(1) per request. The throttler's default store
 * keeps one timestamp per hit and filters them on every request, which grows with the limit (a
 * global ceiling of thousands a minute costs milliseconds). Counters are per instance: behind a load
 * balancer each instance counts alone unless REDIS_URL selects RedisWindowStorage.
 */
@Injectable()
export class FixedWindowStorage implements ThrottlerStorage {
  private readonly windows = new Map<string, Window>();
  private nextSweep = 0;

  increment(
    key: string,
    ttl: number,
    limit: number,
  ): Promise<{
    totalHits: number;
    timeToExpire: number;
    isBlocked: boolean;
    timeToBlockExpire: number;
  }> {
    const now = Date.now();
    if (now >= this.nextSweep) this.sweep(now, ttl);
    let window = this.windows.get(key);
    if (!window || window.resetsAt <= now) {
      window = { hits: 0, resetsAt: now + ttl };
      this.windows.set(key, window);
    }
    window.hits++;
    const secondsLeft = Math.max(1, Math.ceil((window.resetsAt - now) / 1000));
    const isBlocked = window.hits > limit;
    return Promise.resolve({
      totalHits: window.hits,
      timeToExpire: secondsLeft,
      isBlocked,
      timeToBlockExpire: isBlocked ? secondsLeft : 0,
    });
  }

  /** Drops finished windows now and then, so idle clients do not accumulate. */
  private sweep(now: number, ttl: number): void {
    for (const [key, window] of this.windows) {
      if (window.resetsAt <= now) this.windows.delete(key);
    }
    this.nextSweep = now + Math.max(ttl, 1000);
  }
}
