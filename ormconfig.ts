import { DataSource } from 'typeorm';
import { dataSourceOptions } from './src/database/data-source-options';
import { parseEnv } from './src/config/env';

/**
 * The DataSource for the TypeORM CLI (migration:generate / run / revert). It needs a reachable
 * database: DATABASE_URL, or the URL `npm run migration:*` exports after starting the embedded one.
 */
const url = parseEnv().databaseUrl;
if (!url) {
  throw new Error(
    'DATABASE_URL is not set: run migrations through `npm run migration:run`, which starts the embedded database when it is unset.',
  );
}

export default new DataSource({
  ...dataSourceOptions({ url }),
  migrations: [__dirname + '/src/database/migrations/[0-9]*{.ts,.js}'],
});
