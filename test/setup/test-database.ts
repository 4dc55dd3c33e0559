import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../src/database/data-source-options';

/** Set by globalSetup for the workers: the server's admin URL and the migrated template's name. */
export const ADMIN_URL_ENV = 'JEST_PG_ADMIN_URL';
export const TEMPLATE_ENV = 'JEST_PG_TEMPLATE';

export function urlForDatabase(adminUrl: string, database: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

export async function adminQuery(adminUrl: string, sql: string): Promise<void> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** Builds the template every test database is copied from: the real migrations, applied for real. */
export async function createTemplate(adminUrl: string, name: string): Promise<void> {
  await adminQuery(adminUrl, `CREATE DATABASE "${name}"`);
  const dataSource = new DataSource(dataSourceOptions({ url: urlForDatabase(adminUrl, name) }));
  await dataSource.initialize();
  try {
    await dataSource.runMigrations({ transaction: 'all' });
  } finally {
    await dataSource.destroy();
  }
}

/** A fresh database for one test file (or one app), copied from the migrated template. */
export async function createTestDatabase(): Promise<string> {
  const adminUrl = process.env[ADMIN_URL_ENV];
  const template = process.env[TEMPLATE_ENV];
  if (!adminUrl || !template) throw new Error('the Jest globalSetup did not run');
  // Random, not a counter: Jest reloads this module for every test file a worker runs.
  const name = `${template}_w${process.env.JEST_WORKER_ID ?? '0'}_${randomBytes(6).toString('hex')}`;
  await adminQuery(adminUrl, `CREATE DATABASE "${name}" TEMPLATE "${template}"`);
  return urlForDatabase(adminUrl, name);
}
