import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { AppModule } from '../../src/app.module';
import { WebhooksService } from '../../src/webhooks/webhooks.service';
import { WORKERS_OFF } from './test-app';
import { createTestDatabase } from './test-database';

export interface TestServices {
  app: INestApplicationContext;
  databaseUrl: string;
  dataSource: DataSource;
  close(): Promise<void>;
}

/**
 * The app's modules on a fresh database, with no HTTP server (no Fastify, no listener), no Toss
 * sandbox, and no background workers: for tests about what a service does to PostgreSQL. Toss is
 * not reachable; such tests hand the services Toss's answers themselves.
 */
export async function startTestServices(
  options: { env?: Record<string, string> } = {},
): Promise<TestServices> {
  Object.assign(process.env, { TZ: 'UTC', SANDBOX_ENABLED: 'false' }, WORKERS_OFF, options.env);
  const databaseUrl = await createTestDatabase();
  const app = await NestFactory.createApplicationContext(
    AppModule.forRoot({ databaseUrl, migrationsRun: false, logging: { silent: true } }),
    { logger: false, abortOnError: false },
  );
  await app.init();
  // The webhook inbox's worker has no switch of its own; stopping it leaves the service usable.
  await app.get(WebhooksService).onApplicationShutdown();
  return { app, databaseUrl, dataSource: app.get(DataSource), close: () => app.close() };
}

/** The services for one test file: started before its tests, closed after them. */
export function useServices(options: { env?: Record<string, string> } = {}): TestServices {
  const services = {} as TestServices;
  beforeAll(async () => {
    Object.assign(services, await startTestServices(options));
  });
  afterAll(() => services.app?.close());
  return services;
}
