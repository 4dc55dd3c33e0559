import { Client } from 'pg';
import { EmbeddedPostgres } from './embedded-postgres';

export interface RunningDatabase {
  url: string;
  /** Stops the embedded server, when this process started one. */
  stop(): Promise<void>;
  embedded: boolean;
}

export class DatabaseUnreachableError extends Error {}

/** DATABASE_URL when set; otherwise the embedded PostgreSQL server with its data under dataDir. */
export async function openDatabase(
  config: { url?: string; dataDir: string },
  log: (line: string) => void,
): Promise<RunningDatabase> {
  if (config.url) {
    await probe(config.url);
    return { url: config.url, stop: () => Promise.resolve(), embedded: false };
  }
  const server = await EmbeddedPostgres.start({ dataDir: config.dataDir, log });
  return { url: server.url, stop: () => server.stop(), embedded: true };
}

/** One quick connection before Nest boots, so a wrong URL is one clear line, not retries and stacks. */
async function probe(url: string): Promise<void> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
  } catch (error) {
    const host = new URL(url).host;
    throw new DatabaseUnreachableError(
      `Cannot use DATABASE_URL (${host}): ${(error as Error).message}`,
    );
  } finally {
    await client.end().catch(() => undefined);
  }
}
