import { INestApplication, Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import { AppModule, AppModuleOptions } from './app.module';
import { setupApp } from './app.setup';

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Builds the HTTP app (Fastify) exactly as production runs it; main.ts and e2e tests both use it. */
export async function createApp(options: AppModuleOptions & { logger?: false }): Promise<INestApplication> {
  const adapter = new FastifyAdapter({
    bodyLimit: 100 * 1024,
    // Trust a well-formed X-Request-Id from the caller, otherwise make one.
    genReqId: (req: { headers: Record<string, string | string[] | undefined> }) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
    routerOptions: { ignoreTrailingSlash: true },
  });
  adapter.getInstance().addHook('onRequest', (request, reply, done) => {
    void reply.header('x-request-id', request.id);
    done();
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(options), adapter, {
    logger: options.logger === false ? false : undefined,
    abortOnError: false,
  });
  await setupApp(app);
  return app;
}

export const bootLogger = new Logger('Bootstrap');
