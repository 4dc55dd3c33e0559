import { Injectable } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type {
  FastifyError,
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
  RouteOptions,
} from 'fastify';
import { tossError } from './toss-errors';

export const SANDBOX_ROUTE_PREFIX = '/sandbox/toss/';

/**
 * Errors Fastify raises before a handler runs (malformed JSON, body too large, wrong media type)
 * never reach the controller's filter: on the sandbox's routes they are answered Toss's way,
 * `{code: "INVALID_REQUEST", message}`, through a route-level error handler. Installed in the
 * constructor because routes are registered (and onRoute hooks run) before any init hook.
 */
@Injectable()
export class SandboxRouteErrors {
  constructor(adapterHost: HttpAdapterHost) {
    const instance = adapterHost.httpAdapter?.getInstance<FastifyInstance>();
    if (typeof instance?.addHook !== 'function') return;
    instance.addHook('onRoute', (route: RouteOptions) => {
      if (route.url.startsWith(SANDBOX_ROUTE_PREFIX)) route.errorHandler = answerTossStyle;
    });
  }
}

function answerTossStyle(error: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  const status = typeof error.statusCode === 'number' ? error.statusCode : 500;
  const answer =
    status < 500
      ? tossError('INVALID_REQUEST', `잘못된 요청입니다. ${error.message}`)
      : tossError('FAILED_INTERNAL_SYSTEM_PROCESSING');
  void reply
    .status(answer.status)
    .header('content-type', 'application/json; charset=utf-8')
    .send(answer.body);
}
