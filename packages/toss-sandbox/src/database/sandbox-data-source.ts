import { Client } from 'pg';
import { DataSource, DataSourceOptions } from 'typeorm';
import { SANDBOX_ENTITIES } from '../sandbox-entities';
import { SANDBOX_MIGRATIONS } from './migrations';
import { PreparingSandboxClient, SandboxClient } from './sandbox-client';

/** The sandbox's own TypeORM connection (and CLS transaction host) name. */
export const SANDBOX_CONNECTION = 'toss-sandbox';
/** Every table of the sandbox lives here, apart from whatever else shares the database. */
export const SANDBOX_SCHEMA = 'toss_sandbox';
/** pg_advisory_lock key of the sandbox's migrations: instances starting at once migrate one at a time. */
const MIGRATION_LOCK = 7_301_947_215;

export interface SandboxDatabaseOptions {
  url: string;
  poolSize?: number;
  /** Prepare parameterised statements once per connection (default true). */
  preparedStatements?: boolean;
  /** false: commits return before their WAL reaches disk (the standalone server; it stands in for Toss). */
  synchronousCommit?: boolean;
}

export function sandboxDataSourceOptions(options: SandboxDatabaseOptions): DataSourceOptions {
  const settings = [`-c search_path=${SANDBOX_SCHEMA}`];
  if (options.synchronousCommit === false) settings.push('-c synchronous_commit=off');
  return {
    type: 'postgres',
    url: options.url,
    schema: SANDBOX_SCHEMA,
    entities: SANDBOX_ENTITIES,
    migrations: SANDBOX_MIGRATIONS,
    migrationsRun: false,
    migrationsTableName: 'migrations',
    synchronize: false,
    uuidExtension: 'pgcrypto',
    extra: {
      max: options.poolSize ?? 10,
      connectionTimeoutMillis: 10_000,
      Client: options.preparedStatements === false ? SandboxClient : PreparingSandboxClient,
      // Raw SQL names its tables without the schema: each session looks in the sandbox's schema.
      options: settings.join(' '),
    },
    applicationName: 'toss-sandbox',
    poolErrorHandler: () => undefined,
  };
}

/**
 * Opens the sandbox's DataSource with its schema and migrations in place. The schema and the
 * migrations run under an advisory lock, so several sandboxes starting on one database agree.
 */
export async function openSandboxDataSource(
  options: DataSourceOptions & { url?: string },
): Promise<DataSource> {
  const lock = new Client({ connectionString: options.url, connectionTimeoutMillis: 10_000 });
  lock.on('error', () => undefined);
  await lock.connect();
  try {
    await lock.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await lock.query(`CREATE SCHEMA IF NOT EXISTS "${SANDBOX_SCHEMA}"`);
    const dataSource = await new DataSource(options).initialize();
    try {
      await dataSource.runMigrations({ transaction: 'all' });
    } catch (error) {
      await dataSource.destroy();
      throw error;
    }
    return dataSource;
  } finally {
    // Ending the session releases the lock.
    await lock.end().catch(() => undefined);
  }
}
