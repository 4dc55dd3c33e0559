import { INestApplication, MethodNotAllowedException } from '@nestjs/common';
import type { FastifyInstance } from 'fastify';
import { toErrorBody } from './filters/all-exceptions.filter';
import { RouteTable, routeTableOf } from './route-table';

/** Routes that match any path and serve no resource of their own: @fastify/cors's `OPTIONS *`. */
const CATCH_ALL = new Set(['*', '/*']);

export interface RoutedRequest {
  method: string;
  url: string;
  /** The route Fastify picked; undefined when none matched (the 404 handler). */
  routeUrl: string | undefined;
}

/**
 * The methods to list in `Allow` when this request names a known address with a method it does not
 * take; undefined when the request has a route of its own, or the address is unknown (a 404).
 */
export function allowedInstead(routes: RouteTable, request: RoutedRequest): string[] | undefined {
  if (request.routeUrl !== undefined && !CATCH_ALL.has(request.routeUrl)) return undefined;
  const allowed = routes.methodsAt(request.url);
  return allowed.length > 0 && !allowed.includes(request.method) ? allowed : undefined;
}

/**
 * A wrong method on a known path answers 405 METHOD_NOT_ALLOWED with `Allow`, where Fastify would
 * answer 404. It runs as the first step after every onRequest hook, so the answer carries the
 * request id, security and CORS headers, and a CORS preflight has already been answered; and before
 * the body is parsed, so a malformed body cannot turn it into a 400.
 */
export function installMethodNotAllowed(app: INestApplication): void {
  const fastify = app.getHttpAdapter().getInstance() as FastifyInstance;
  const routes = routeTableOf(fastify);
  fastify.addHook('preParsing', (request, reply, payload, done) => {
    const allowed = allowedInstead(routes, {
      method: request.method,
      url: request.url,
      routeUrl: request.is404 ? undefined : request.routeOptions.url,
    });
    if (!allowed) return done(null, payload);
    const body = toErrorBody(
      new MethodNotAllowedException(
        `${request.method} is not allowed here; this address takes ${allowed.join(', ')}.`,
      ),
    );
    void reply.code(405).header('allow', allowed.join(', ')).send(body);
  });
}
