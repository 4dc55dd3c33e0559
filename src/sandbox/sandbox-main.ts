/**
 * `npm run sandbox -- [--port 3100] [--host 127.0.0.1] [--webhook-url URL]`: the Toss sandbox alone,
 * for tests and benchmarks of another instance. Its database: DATABASE_URL, else a throwaway
 * embedded PostgreSQL under the OS temp folder, removed on exit. Webhooks go to --webhook-url, else
 * SANDBOX_WEBHOOK_URL; with neither, none are sent (a Toss account with no webhook registered).
 */
import { Logger } from '@nestjs/common';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, parseEnv } from '../config/env';
import { DatabaseUnreachableError, openDatabase } from '../database/database';
import { EmbeddedDatabaseError } from '../database/embedded-postgres';
import { createSandboxApp } from './sandbox-standalone';

const logger = new Logger('TossSandbox');

function option(args: string[], name: string): string | undefined {
  const index = args.findIndex((arg) => arg === `--${name}` || arg.startsWith(`--${name}=`));
  if (index < 0) return undefined;
  const arg = args[index];
  return arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : args[index + 1];
}

export function parseArgs(args: string[]): { port: number; host: string; webhookUrl?: string } {
  const portText = option(args, 'port') ?? '3100';
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port > 65535)
    throw new ConfigError('--port', `must be a port number (got "${portText}")`);
  const webhookUrl = option(args, 'webhook-url');
  if (webhookUrl !== undefined && !/^https?:\/\/\S+$/.test(webhookUrl))
    throw new ConfigError('--webhook-url', 'must be an http(s) URL');
  return { port, host: option(args, 'host') ?? '127.0.0.1', webhookUrl };
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const env = parseEnv();
  const dataDir = env.databaseUrl ? undefined : mkdtempSync(join(tmpdir(), 'toss-sandbox-'));
  const database = await openDatabase({ url: env.databaseUrl, dataDir: dataDir ?? '' }, (line) =>
    logger.log(line),
  );
  const cleanUp = async () => {
    await database.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  };
  const app = await createSandboxApp({
    databaseUrl: database.url,
    // Nothing to post to unless told: no endpoint registered, no webhooks (its own port has no receiver).
    webhookUrl: args.webhookUrl ?? env.sandboxWebhookUrl ?? null,
  }).catch(async (error: unknown) => {
    await cleanUp();
    throw error;
  });

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.log(`${signal} received: closing`);
    await app.close();
    await cleanUp();
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));

  await app.listen(args.port, args.host);
  const address = app.getHttpServer().address() as { port: number };
  const base = `http://${args.host}:${address.port}/sandbox/toss`;
  logger.log(
    `Toss sandbox listening: TOSS_API_BASE_URL=${base} (any test_sk_/test_gsk_ secret key); test controls at ${base}/test`,
  );
}

if (require.main === module) {
  main().catch((error: unknown) => {
    if (
      error instanceof ConfigError ||
      error instanceof EmbeddedDatabaseError ||
      error instanceof DatabaseUnreachableError
    ) {
      process.stderr.write(`${error.message}\n`);
    } else {
      process.stderr.write(
        `Sandbox start-up failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
      );
    }
    process.exit(1);
  });
}
