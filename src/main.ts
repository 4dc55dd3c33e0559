import { bootLogger, createApp } from './bootstrap';
import { gracefulShutdown } from './common/shutdown/graceful-shutdown';
import { ConfigError, parseEnv } from './config/env';
import { DatabaseUnreachableError, openDatabase } from './database/database';
import { EmbeddedDatabaseError } from './database/embedded-postgres';
import { TossClient } from './toss/toss.client';

async function main(): Promise<void> {
  const env = parseEnv();
  const database = await openDatabase({ url: env.databaseUrl, dataDir: env.dataDir }, (line) =>
    bootLogger.log(line),
  );
  const app = await createApp({ databaseUrl: database.url }).catch(async (error: unknown) => {
    await database.stop();
    throw error;
  });

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) {
      // A second signal: stop waiting for requests, but never leave the database server behind.
      bootLogger.warn(`${signal} again: exiting now`);
      await database.stop();
      process.exit(1);
    }
    stopping = true;
    // Whatever hangs, the process ends: the grace period plus time to close the pool and the server.
    setTimeout(
      () => void database.stop().finally(() => process.exit(1)),
      env.shutdownTimeoutMs + 15_000,
    ).unref();
    try {
      await gracefulShutdown(app, {
        signal,
        timeoutMs: env.shutdownTimeoutMs,
        log: (line) => bootLogger.log(line),
      });
    } catch (error) {
      bootLogger.error(
        `shutdown failed: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    await database.stop();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));

  await app.listen(env.port, '0.0.0.0');
  const { port } = (app.getHttpServer() as { address(): { port: number } }).address();
  bootLogger.log(
    `listening on http://localhost:${port} (Swagger UI at /docs, metrics at /metrics)`,
  );
  const toss = app.get(TossClient);
  if (!env.tossSecretKey) {
    bootLogger.warn(
      `TOSS_SECRET_KEY is not set: payments go to the BUILT-IN TOSS SANDBOX at ${toss.baseUrl()} — no real money moves`,
    );
  } else {
    bootLogger.log(`Toss API: ${toss.baseUrl()}`);
  }
}

main().catch((error: unknown) => {
  // Start-up failures a newcomer can act on get one line, not a stack trace.
  if (
    error instanceof ConfigError ||
    error instanceof EmbeddedDatabaseError ||
    error instanceof DatabaseUnreachableError
  ) {
    process.stderr.write(`${error.message}\n`);
  } else {
    process.stderr.write(
      `Start-up failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
  }
  process.exit(1);
});
