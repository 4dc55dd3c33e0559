/**
 * `toss-sandbox [--port 3100] [--host 127.0.0.1] [--database-url URL] [--webhook-url URL]`: the Toss
 * sandbox alone, for tests and benchmarks of another process. Its database: --database-url, else
 * DATABASE_URL, else a throwaway embedded PostgreSQL under the OS temp folder, removed on exit.
 * Webhooks go to --webhook-url, else SANDBOX_WEBHOOK_URL; with neither, none are sent (a Toss
 * account with no webhook registered).
 */
import { Logger } from '@nestjs/common';
import { Client } from 'pg';
import { startThrowawayDatabase } from './database/embedded';
import { createSandboxApp } from './sandbox-standalone';

const logger = new Logger('TossSandbox');

/** A bad argument: one line naming it, exit code 1. */
export class UsageError extends Error {}

export interface SandboxArgs {
  port: number;
  host: string;
  databaseUrl?: string;
  webhookUrl?: string;
}

function option(args: string[], name: string): string | undefined {
  const index = args.findIndex((arg) => arg === `--${name}` || arg.startsWith(`--${name}=`));
  if (index < 0) return undefined;
  const arg = args[index];
  return arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : args[index + 1];
}

export function parseArgs(args: string[], env: NodeJS.ProcessEnv = {}): SandboxArgs {
  const portText = option(args, 'port') ?? '3100';
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port > 65535)
    throw new UsageError(`Invalid configuration: --port must be a port number (got "${portText}")`);
  const webhookUrl = option(args, 'webhook-url') ?? (env.SANDBOX_WEBHOOK_URL || undefined);
  if (webhookUrl !== undefined && !/^https?:\/\/\S+$/.test(webhookUrl))
    throw new UsageError('Invalid configuration: --webhook-url must be an http(s) URL');
  const databaseUrl = option(args, 'database-url') ?? (env.DATABASE_URL || undefined);
  if (databaseUrl !== undefined && !/^postgres(ql)?:\/\/\S+$/.test(databaseUrl))
    throw new UsageError('Invalid configuration: --database-url must be a postgres:// URL');
  return { port, host: option(args, 'host') ?? '127.0.0.1', databaseUrl, webhookUrl };
}

/** One quick connection first, so a wrong URL is one clear line, not retries and stacks. */
async function probe(url: string): Promise<void> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
  } catch (error) {
    throw new UsageError(
      `Cannot use the database (${new URL(url).host}): ${(error as Error).message}`,
    );
  } finally {
    await client.end().catch(() => undefined);
  }
}

export async function main(argv: string[] = process.argv.slice(2)): Promise<void> {
  const args = parseArgs(argv, process.env);
  let stopDatabase = () => Promise.resolve();
  let databaseUrl = args.databaseUrl;
  if (databaseUrl) {
    await probe(databaseUrl);
  } else {
    const database = await startThrowawayDatabase();
    logger.log('using a throwaway embedded PostgreSQL (no --database-url or DATABASE_URL)');
    databaseUrl = database.url;
    stopDatabase = () => database.stop();
  }
  const app = await createSandboxApp({
    databaseUrl,
    // Nothing to post to unless told: no endpoint registered, no webhooks (its own port has no receiver).
    webhookUrl: args.webhookUrl ?? null,
  }).catch(async (error: unknown) => {
    await stopDatabase();
    throw error;
  });

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.log(`${signal} received: closing`);
    await app.close();
    await stopDatabase();
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

/** The bin: start, or say in one line why not and exit 1. */
export function runCli(): void {
  main().catch((error: unknown) => {
    process.stderr.write(
      error instanceof UsageError
        ? `${error.message}\n`
        : `Sandbox start-up failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  });
}

if (require.main === module) runCli();
