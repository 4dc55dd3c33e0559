import { Logger, LoggerService, LogLevel } from '@nestjs/common';
import type { FastifyInstance } from 'fastify';
import { RouteTable } from './route-table';

/**
 * Nest's own route lines. Its controller lines put the global prefix before every controller,
 * excluded ones too (`MetricsController {/api/v1/metrics}` for a route served at /metrics), so the
 * boot log names routes from the route table instead.
 */
const NEST_ROUTE_LOGGERS = new Set(['RoutesResolver', 'RouterExplorer']);

/** The app's logger without Nest's route lines; everything else passes through unchanged. */
export class WithoutNestRouteLines implements LoggerService {
  constructor(private readonly inner: LoggerService) {}

  log(message: unknown, ...rest: unknown[]): void {
    if (NEST_ROUTE_LOGGERS.has(rest[rest.length - 1] as string)) return;
    this.inner.log(message, ...rest);
  }

  error(message: unknown, ...rest: unknown[]): void {
    this.inner.error(message, ...rest);
  }

  warn(message: unknown, ...rest: unknown[]): void {
    this.inner.warn(message, ...rest);
  }

  debug(message: unknown, ...rest: unknown[]): void {
    this.inner.debug?.(message, ...rest);
  }

  verbose(message: unknown, ...rest: unknown[]): void {
    this.inner.verbose?.(message, ...rest);
  }

  fatal(message: unknown, ...rest: unknown[]): void {
    this.inner.fatal?.(message, ...rest);
  }

  setLogLevels(levels: LogLevel[]): void {
    this.inner.setLogLevels?.(levels);
  }
}

/** Once the server is ready, one line per path it serves, with its methods: `/metrics (GET, HEAD)`. */
export function logRoutesWhenReady(fastify: FastifyInstance, routes: RouteTable): void {
  const logger = new Logger('Routes');
  fastify.addHook('onReady', (done) => {
    for (const { path, methods } of routes.paths()) logger.log(`${path} (${methods.join(', ')})`);
    done();
  });
}
