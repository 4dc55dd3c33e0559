/**
 * Runs the real app in a child process for tests that must kill it (SIGKILL mid-confirm) or stop it
 * with a signal. Environment as for `npm start`; prints `LISTENING <port>` once it serves.
 */
import { createApp } from '../../src/bootstrap';
import { gracefulShutdown } from '../../src/common/shutdown/graceful-shutdown';
import { parseEnv } from '../../src/config/env';

async function main(): Promise<void> {
  const env = parseEnv();
  if (!env.databaseUrl) throw new Error('DATABASE_URL is required');
  const app = await createApp({
    databaseUrl: env.databaseUrl,
    migrationsRun: false,
    logger: false,
  });
  // As src/main.ts does: drain the requests in flight, then close.
  const stop = (signal: string) =>
    void gracefulShutdown(app, { signal, timeoutMs: env.shutdownTimeoutMs }).then(() =>
      process.exit(0),
    );
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
  await app.listen(env.port, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  process.stdout.write(`LISTENING ${address.port}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
