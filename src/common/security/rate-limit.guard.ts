import { ExecutionContext, Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { Reflector } from '@nestjs/core';
import {
  InjectThrottlerOptions,
  InjectThrottlerStorage,
  ThrottlerGuard,
  ThrottlerLimitDetail,
  type ThrottlerModuleOptions,
  ThrottlerOptions,
  type ThrottlerStorage,
} from '@nestjs/throttler';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AuthUser } from '../../auth/auth-user';
import { opsConfig } from '../../config/app.config';
import { DomainError } from '../errors';

type Request = FastifyRequest & { user?: AuthUser };
type Tracker = (request: Request, ip: string) => string | undefined;

interface Rule {
  throttler: ThrottlerOptions & { name: string };
  limit: number;
  tracker: Tracker;
}

const API_PREFIX = '/api/v1/';
const byIp: Tracker = (_request, ip) => ip;
const byEmail: Tracker = (request) => {
  const email = (request.body as { email?: unknown } | undefined)?.email;
  return typeof email === 'string' && email.trim() !== '' ? email.trim().toLowerCase() : undefined;
};
// The auth guard has run (RateLimitModule is imported after AuthModule): the user is verified.
const byCustomer: Tracker = (request) => request.user?.id;

/**
 * One global guard for every limit, deciding once per route which limits apply (no reflection per
 * request) and counting in an O(1) store. Routes are named here rather than decorated so that the
 * whole policy reads in one place: login and register per IP and per email, confirm per customer,
 * and a per-IP ceiling over the JSON API. 429 RATE_LIMITED with Retry-After, in the contract's shape.
 */
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  private readonly plans = new Map<unknown, Rule[]>();

  constructor(
    @InjectThrottlerOptions() options: ThrottlerModuleOptions,
    @InjectThrottlerStorage() storage: ThrottlerStorage,
    reflector: Reflector,
    @Inject(opsConfig.KEY) private readonly ops: ConfigType<typeof opsConfig>,
  ) {
    super(options, storage, reflector);
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const request = context.switchToHttp().getRequest<Request>();
    const handler = context.getHandler();
    let plan = this.plans.get(handler);
    if (!plan) {
      plan = this.planFor(`${context.getClass().name}.${handler.name}`, request.url);
      this.plans.set(handler, plan);
    }
    if (plan.length === 0) return true;
    const ip = await this.getTracker(request);
    const ttl = this.ops.rateLimit.windowSeconds * 1000;
    for (const rule of plan) {
      const tracker = rule.tracker(request, ip);
      if (tracker === undefined) continue;
      await this.handleRequest({
        context,
        limit: rule.limit,
        ttl,
        blockDuration: ttl,
        throttler: rule.throttler,
        getTracker: () => tracker,
        generateKey: () => `${rule.throttler.name}|${tracker}`,
      });
    }
    return true;
  }

  protected override throwThrottlingException(
    context: ExecutionContext,
    detail: ThrottlerLimitDetail,
  ): Promise<void> {
    const retryAfter = Math.max(1, detail.timeToBlockExpire);
    void context
      .switchToHttp()
      .getResponse<FastifyReply>()
      .header('Retry-After', String(retryAfter));
    throw new DomainError('RATE_LIMITED', `Too many requests; try again in ${retryAfter} s.`, {
      retryAfterSeconds: retryAfter,
    });
  }

  private planFor(route: string, url: string): Rule[] {
    const limits = this.ops.rateLimit;
    const rules: Rule[] = [];
    const add = (name: string, limit: number, tracker: Tracker) => {
      if (limit > 0)
        rules.push({
          throttler: { name, limit, ttl: limits.windowSeconds * 1000, setHeaders: false },
          limit,
          tracker,
        });
    };
    switch (route) {
      case 'AuthController.login':
      case 'AuthController.register':
        add(`${route}:ip`, limits.authPerIp, byIp);
        add(`${route}:email`, limits.authPerEmail, byEmail);
        break;
      case 'PaymentsController.confirm':
        add(`${route}:customer`, limits.confirmPerCustomer, byCustomer);
        break;
    }
    if (url.startsWith(API_PREFIX)) add('global:ip', limits.global, byIp);
    return rules;
  }
}
