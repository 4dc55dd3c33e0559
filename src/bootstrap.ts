import { INestApplication, Logger } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import { Logger as PinoNestLogger } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import { AppModule, AppModuleOptions, SANDBOX_MOUNT } from './app.module';
import { setupApp } from './app.setup';
import { toErrorBody } from './common/filters/all-exceptions.filter';
import { installRequestLogging } from './common/logging/request-logging';
import { logRoutesWhenReady, WithoutNestRouteLines } from './common/route-log';
import { routeTableOf } from './common/route-table';
import { applyHttpSecurity } from './common/security/http-security';
import { HttpDrain, registerDrain } from './common/shutdown/graceful-shutdown';
import { appConfig, opsConfig, tossConfig } from './config/app.config';
import { parseEnv } from './config/env';
import { installHttpMetrics } from './metrics/http-metrics';
import { ReconcilerService } from './payments/reconciler.service';

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Builds the HTTP app (Fastify) exactly as production runs it; main.ts and e2e tests both use it. */
export async function createApp(
  options: AppModuleOptions & { logger?: false; logDestination?: DestinationStream },
): Promise<INestApplication> {
  const adapter = new FastifyAdapter({
    bodyLimit: 100 * 1024,
    // Behind a proxy the client IP (rate limits, logs) comes from X-Forwarded-For, hop by hop.
    // (Fastify takes a hop count too; Nest's adapter types leave numbers out.)
    trustProxy: parseEnv().trustProxy as boolean,
    // Trust a well-formed X-Request-Id from the caller, otherwise make one.
    genReqId: (req: { headers: Record<string, string | string[] | undefined> }) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
    routerOptions: { ignoreTrailingSlash: true },
    // Errors Fastify raises before routing (a malformed URL, an over-long parameter) get the contract's body too.
    frameworkErrors: (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
      const body = toErrorBody(error) ?? {
        statusCode: 400,
        code: 'VALIDATION_ERROR',
        message: 'The request is not valid.',
      };
      void reply.header('x-request-id', request.id).code(body.statusCode).send(body);
    },
  });
  // Recording from before the first route: the boot log and the 405 answer read it.
  const routes = routeTableOf(adapter.getInstance());
  adapter.getInstance().addHook('onRequest', (request, reply, done) => {
    void reply.header('x-request-id', request.id);
    done();
  });
  const sandboxMounted = tossConfig().sandboxEnabled;
  const drain = new HttpDrain((url) => sandboxMounted && SANDBOX_MOUNT.servesWhileDraining(url));
  drain.install(adapter.getInstance());
  const silent = options.logger === false && !options.logDestination;
  const logging = { destination: options.logDestination, silent };
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot({ ...options, logging }),
    adapter,
    {
      logger: silent ? false : undefined,
      bufferLogs: !silent,
      abortOnError: false,
    },
  );
  if (!silent) {
    app.useLogger(new WithoutNestRouteLines(app.get(PinoNestLogger)));
    logRoutesWhenReady(adapter.getInstance(), routes);
    await installRequestLogging(app);
  }
  // On SIGTERM the reconciler finishes its pass but starts no new one (its own shutdown hook, run early).
  registerDrain(app, {
    drain,
    stopBackground: () => app.get(ReconcilerService).onApplicationShutdown(),
  });
  await applyHttpSecurity(
    app,
    app.get<ConfigType<typeof opsConfig>>(opsConfig.KEY),
    app.get<ConfigType<typeof appConfig>>(appConfig.KEY).production,
  );
  installHttpMetrics(app);
  await setupApp(app);
  return app;
}

export const bootLogger = new Logger('Bootstrap');
