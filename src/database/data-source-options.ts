import { DataSourceOptions } from 'typeorm';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';
import { PooledClient } from './pooled-client';
import { PreparingClient } from './preparing-client';

export interface DatabaseOptions {
  url: string;
  poolSize?: number;
  /** Prepare parameterised statements once per connection (default true; see PreparingClient). */
  preparedStatements?: boolean;
  /**
   * false: commits return before their WAL reaches disk (a server crash can lose the last moments).
   * Only for the standalone Toss sandbox, an emulator; never for the app's money.
   */
  synchronousCommit?: boolean;
  migrationsRun?: boolean;
}

/** One definition of the connection, shared by the app, the TypeORM CLI (ormconfig.ts) and tests. */
export function dataSourceOptions(options: DatabaseOptions): DataSourceOptions {
  return {
    type: 'postgres',
    url: options.url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsRun: options.migrationsRun ?? false,
    migrationsTableName: 'migrations',
    // The schema comes from migrations only, never from the entities at run time.
    synchronize: false,
    uuidExtension: 'pgcrypto',
    extra: {
      max: options.poolSize ?? 10,
      connectionTimeoutMillis: 10_000,
      // Both listen for their own errors for life (see PooledClient).
      Client: options.preparedStatements === false ? PooledClient : PreparingClient,
      ...(options.synchronousCommit === false && { options: '-c synchronous_commit=off' }),
    },
    applicationName: 'toss-payments-backend',
    // TypeORM's default logs the same failure again through its own logger; PooledClient has logged it.
    poolErrorHandler: () => undefined,
  };
}
