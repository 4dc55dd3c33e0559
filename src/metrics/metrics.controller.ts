import { Controller, Get, Headers, Inject, Res } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { createHash, timingSafeEqual } from 'node:crypto';
import { Public } from '../auth/auth-user';
import { DomainError } from '../common/errors';
import { opsConfig } from '../config/app.config';
import { MetricsService } from './metrics.service';

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

/** Prometheus scrape endpoint, outside /api/v1; with METRICS_TOKEN set it wants `Authorization: Bearer <token>`. */
@ApiExcludeController()
@Public()
@Controller('metrics')
export class MetricsController {
  private readonly expected?: Buffer;

  constructor(
    private readonly metrics: MetricsService,
    @Inject(opsConfig.KEY) ops: ConfigType<typeof opsConfig>,
  ) {
    this.expected = ops.metricsToken ? digest(`Bearer ${ops.metricsToken}`) : undefined;
  }

  @Get()
  async scrape(
    @Headers('authorization') authorization: string | undefined,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    // Compared as digests: constant time whatever the length of what was sent.
    if (this.expected && !timingSafeEqual(digest(authorization ?? ''), this.expected)) {
      void reply.header('WWW-Authenticate', 'Bearer realm="metrics"');
      throw new DomainError('UNAUTHORIZED', 'Send Authorization: Bearer <METRICS_TOKEN>.');
    }
    const text = await this.metrics.registry.metrics();
    await reply
      .header('content-type', this.metrics.registry.contentType)
      .header('cache-control', 'no-store')
      .send(text);
  }
}
