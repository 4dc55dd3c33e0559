import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedPostgres } from '../../src/database/embedded-postgres';
import { ADMIN_URL_ENV, TEMPLATE_ENV, createTemplate } from './test-database';

declare global {
  var __EMBEDDED_PG__:
    { server?: EmbeddedPostgres; dataDir?: string; adminUrl: string; template: string } | undefined;
}

/** One PostgreSQL for the run, and one migrated template database that every test copies. */
export default async function globalSetup(): Promise<void> {
  process.env.TZ = 'UTC';
  // Every test request comes from 127.0.0.1, so per-IP limits would trip: the suite raises them
  // (protection.e2e-spec.ts sets low ones of its own); production defaults stay as they are.
  for (const name of [
    'RATE_LIMIT_GLOBAL',
    'RATE_LIMIT_AUTH_PER_IP',
    'RATE_LIMIT_AUTH_PER_EMAIL',
    'RATE_LIMIT_CONFIRM_PER_CUSTOMER',
  ]) {
    process.env[name] ??= '1000000';
  }
  let adminUrl = process.env.TEST_DATABASE_URL;
  let server: EmbeddedPostgres | undefined;
  let dataDir: string | undefined;
  if (!adminUrl) {
    // Under the OS temp folder: as root the server runs as `postgres`, which cannot enter /root.
    dataDir = mkdtempSync(join(tmpdir(), 'toss-test-pg-'));
    server = await EmbeddedPostgres.start({
      dataDir,
      settings: { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off' },
    });
    adminUrl = server.url;
  }
  const template = `test_${Date.now().toString(36)}_${process.pid}`;
  await createTemplate(adminUrl, template);
  process.env[ADMIN_URL_ENV] = adminUrl;
  process.env[TEMPLATE_ENV] = template;
  globalThis.__EMBEDDED_PG__ = { server, dataDir, adminUrl, template };
}
