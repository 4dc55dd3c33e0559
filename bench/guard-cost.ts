/**
 * What a global rate-limit guard costs per request, outside any server: this service's
 * RateLimitGuard on its fixed-window store, against @nestjs/throttler's stock guard and store with
 * the same generous global limit. The stock store keeps one timestamp per hit and filters them on
 * every request, so its cost grows with the hits in the window.
 *
 *   ts-node --transpile-only bench/guard-cost.ts
 */
import 'reflect-metadata';
import { Reflector } from '@nestjs/core';
import { ThrottlerGuard, ThrottlerStorageService } from '@nestjs/throttler';
import { FixedWindowStorage } from '../src/common/security/fixed-window.storage';
import { RateLimitGuard } from '../src/common/security/rate-limit.guard';

async function time(
  name: string,
  guard: { canActivate(context: never): Promise<boolean> },
  context: never,
): Promise<void> {
  for (let i = 0; i < 5000; i++) await guard.canActivate(context);
  let hits = 5000;
  for (const n of [10_000, 50_000]) {
    const started = process.hrtime.bigint();
    for (let i = 0; i < n; i++) await guard.canActivate(context);
    hits += n;
    console.log(
      `${name}: ${(Number(process.hrtime.bigint() - started) / n / 1000).toFixed(2)} µs per request, up to ${hits} hits in the window`,
    );
  }
}

async function main(): Promise<void> {
  class ProductsController {}
  const list = (): void => undefined;
  const request = { url: '/api/v1/products', ip: '127.0.0.1', headers: {} };
  const response = { header: () => response };
  const context = {
    getType: () => 'http',
    getHandler: () => list,
    getClass: () => ProductsController,
    switchToHttp: () => ({ getRequest: () => request, getResponse: () => response }),
  } as never;
  const ops = {
    rateLimit: {
      windowSeconds: 60,
      global: 1e9,
      authPerIp: 1e9,
      authPerEmail: 1e9,
      confirmPerCustomer: 1e9,
    },
  } as never;
  const ours = new RateLimitGuard(
    { throttlers: [{ name: 'global:ip', limit: 1e9, ttl: 60_000 }] },
    new FixedWindowStorage(),
    new Reflector(),
    ops,
  );
  await ours.onModuleInit();
  await time('RateLimitGuard + FixedWindowStorage', ours, context);
  const stock = new ThrottlerGuard(
    { throttlers: [{ limit: 1e9, ttl: 60_000 }] },
    new ThrottlerStorageService(),
    new Reflector(),
  );
  await stock.onModuleInit();
  await time('stock ThrottlerGuard + ThrottlerStorageService', stock, context);
  process.exit(0);
}

void main();
