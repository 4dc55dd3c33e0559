import { bootLogger, createApp } from './bootstrap';
import { ConfigError, parseEnv } from './config/env';
import { DatabaseUnreachableError, openDatabase } from './database/database';
import { EmbeddedDatabaseError } from './database/embedded-postgres';

async function main(): Promise<void> {
  const env = parseEnv();
  const database = await openDatabase({ url: env.databaseUrl, dataDir: env.dataDir }, (line) => bootLogger.log(line));
  const app = await createApp({ databaseUrl: database.url }).catch(async (error: unknown) => {
    await database.stop();
    throw error;
  });

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    bootLogger.log(`${signal} received: closing`);
    await app.close();
    await database.stop();
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));

  await app.listen(env.port, '0.0.0.0');
  bootLogger.log(`listening on http://localhost:${env.port} (Swagger UI at /docs)`);
}

main().catch((error: unknown) => {
  // Start-up failures a newcomer can act on get one line, not a stack trace.
  if (error instanceof ConfigError || error instanceof EmbeddedDatabaseError || error instanceof DatabaseUnreachableError) {
    process.stderr.write(`${error.message}\n`);
  } else {
    process.stderr.write(`Start-up failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  }
  process.exit(1);
});
