import { rmSync } from 'node:fs';
import { Client } from 'pg';

/** Drops every database this run made (on a shared TEST_DATABASE_URL), then stops the embedded server. */
export default async function globalTeardown(): Promise<void> {
  const state = globalThis.__EMBEDDED_PG__;
  if (!state) return;
  if (state.server) {
    await state.server.stop();
  } else {
    const client = new Client({ connectionString: state.adminUrl });
    await client.connect();
    const { rows } = await client.query<{ datname: string }>(
      'SELECT datname FROM pg_database WHERE datname LIKE $1',
      [`${state.template}%`],
    );
    for (const { datname } of rows.reverse()) {
      await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    }
    await client.end();
  }
  if (state.dataDir) rmSync(state.dataDir, { recursive: true, force: true });
}
