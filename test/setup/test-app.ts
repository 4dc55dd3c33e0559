import type { DestinationStream } from 'pino';
import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import TestAgent from 'supertest/lib/agent';
import { createApp } from '../../src/bootstrap';
import { createTestDatabase } from './test-database';

export const TEST_ADMIN = { email: 'admin@test.local', password: 'admin-password-1' };

/**
 * Background workers that move rows on their own clock: off unless a test file turns them on by
 * passing its own value (a reconciler test, a restart test), so no test sees another's rows moved.
 */
export const WORKERS_OFF = {
  RECONCILE_INTERVAL_MS: '0',
  RECONCILE_AUDIT_INTERVAL_MS: '0',
  SUBSCRIPTION_SCHEDULER_INTERVAL_MS: '0',
};

export interface TestApp {
  app: INestApplication;
  /** http://127.0.0.1:<port> of this instance. */
  baseUrl: string;
  databaseUrl: string;
  http: TestAgent;
  close(): Promise<void>;
}

/**
 * The real app (Fastify, filters, pipes, migrations-built schema) on a fresh database, listening
 * on a loopback port so that anything calling back over HTTP (the sandbox) works as in production.
 * Pass databaseUrl to start a second instance on the same database.
 */
export async function startTestApp(
  options: {
    databaseUrl?: string;
    env?: Record<string, string>;
    /** Where the app's log lines go (test/support/log-capture.ts); none are written without it. */
    logDestination?: DestinationStream;
  } = {},
): Promise<TestApp> {
  Object.assign(
    process.env,
    { TZ: 'UTC', ADMIN_EMAIL: TEST_ADMIN.email, ADMIN_PASSWORD: TEST_ADMIN.password },
    WORKERS_OFF,
    options.env,
  );
  const databaseUrl = options.databaseUrl ?? (await createTestDatabase());
  // createApp stays silent only when no destination is given.
  const app = await createApp({
    databaseUrl,
    migrationsRun: false,
    logger: false,
    logDestination: options.logDestination,
  });
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  const baseUrl = `http://127.0.0.1:${address.port}`;
  return { app, baseUrl, databaseUrl, http: request(baseUrl), close: () => app.close() };
}
