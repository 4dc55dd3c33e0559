import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { PinoLogger } from 'nestjs-pino';
import { loggableUrl } from './loggable-url';

/** Paths whose request lines are noise (probes and scrapes); their app logs keep the request id. */
const QUIET_PATHS = /^\/(health|metrics)(\/|\?|$)/;

/**
 * Binds every request's id (X-Request-Id or a UUID, see bootstrap.ts) to the logging context, so
 * that each line logged while serving it — Nest's Logger, the Toss client — carries `reqId`, and
 * logs one line when the answer has gone out. Fastify hooks rather than pino-http as Nest
 * middleware: same lines, a fraction of the cost.
 */
export async function installRequestLogging(app: NestFastifyApplication): Promise<void> {
  const context = await app.resolve(PinoLogger);
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onRequest', (request, _reply, done) => {
    // The rest of the request's handling runs inside this call, hence inside the context.
    context.runInContext(done, { bindings: { reqId: request.id } });
  });
  fastify.addHook('onResponse', (request, reply, done) => {
    const root = PinoLogger.root;
    if (root && !QUIET_PATHS.test(request.url)) {
      const ms = Math.round(reply.elapsedTime);
      const url = loggableUrl(request.url);
      const fields = {
        reqId: request.id,
        method: request.method,
        url,
        statusCode: reply.statusCode,
        responseTime: ms,
        remoteAddress: request.ip,
      };
      const line = `${request.method} ${url} ${reply.statusCode} ${ms} ms`;
      if (reply.statusCode >= 500) root.error(fields, line);
      else root.info(fields, line);
    }
    done();
  });
}
