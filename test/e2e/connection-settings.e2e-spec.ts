import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../src/database/data-source-options';
import { PreparingClient } from '../../src/database/preparing-client';
import { createTestDatabase } from '../setup/test-database';

/** The statements this session holds prepared, as PostgreSQL lists them. */
async function preparedHere(client: PreparingClient): Promise<string[]> {
  const { rows } = await client.query<{ statement: string }>(
    'SELECT statement FROM pg_prepared_statements ORDER BY prepare_time',
  );
  return rows.map((r) => r.statement);
}

/** Runs `use` on a one-connection pool made as the app makes its own, with these options. */
async function withPool<T>(
  options: Parameters<typeof dataSourceOptions>[0],
  use: (dataSource: DataSource) => Promise<T>,
): Promise<T> {
  const dataSource = new DataSource(dataSourceOptions({ ...options, poolSize: 1 }));
  await dataSource.initialize();
  try {
    return await use(dataSource);
  } finally {
    await dataSource.destroy();
  }
}

describe('connection settings: prepared statements (DATABASE_PREPARED_STATEMENTS), synchronous commit', () => {
  let databaseUrl: string;
  beforeAll(async () => {
    databaseUrl = await createTestDatabase();
  });

  it('prepares a parameterised statement once per connection and reuses it; simple queries stay simple', async () => {
    const client = new PreparingClient({ connectionString: databaseUrl });
    await client.connect();
    try {
      const text = 'SELECT count(*)::int AS n FROM products WHERE price >= $1';
      const first = await client.query<{ n: number }>(text, [0]);
      const second = await client.query<{ n: number }>(text, [1_000_000_000]);
      expect(first.rows[0].n).toBeGreaterThan(0);
      expect(second.rows[0].n).toBe(0);
      await client.query('SELECT 1');
      expect(await preparedHere(client)).toEqual([text]);
      expect(client.prepared.get(text)).toBe('p0');
    } finally {
      await client.end();
    }
  });

  it('is what the app’s pool uses by default, and is off with preparedStatements: false', async () => {
    const text = 'SELECT name FROM products WHERE price = $1';
    for (const preparedStatements of [undefined, false]) {
      const prepared = await withPool(
        { url: databaseUrl, preparedStatements },
        async (dataSource) => {
          await dataSource.query(text, [5000]);
          const rows: { statement: string }[] = await dataSource.query(
            'SELECT statement FROM pg_prepared_statements',
          );
          return rows.map((r) => r.statement);
        },
      );
      expect(prepared).toEqual(preparedStatements === false ? [] : [text]);
    }
  });

  it('commits synchronously unless told otherwise (only the standalone sandbox is)', async () => {
    for (const synchronousCommit of [undefined, false]) {
      const [row] = await withPool(
        { url: databaseUrl, synchronousCommit },
        (dataSource): Promise<{ setting: string; source: string }[]> =>
          dataSource.query(
            "SELECT setting, source FROM pg_settings WHERE name = 'synchronous_commit'",
          ),
      );
      // The test server itself runs with synchronous_commit=off for speed: what matters is who set it.
      expect(row.source === 'client' ? row.setting : 'as the server has it').toBe(
        synchronousCommit === false ? 'off' : 'as the server has it',
      );
    }
  });
});
