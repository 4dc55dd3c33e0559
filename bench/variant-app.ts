/**
 * Bench-only: the app as src/main.ts builds it, with the what-if patches of bench/variants.ts
 * named in BENCH_APP_VARIANTS. DATABASE_URL and PORT as for the app.
 */
import { createApp } from '../src/bootstrap';
import { parseEnv } from '../src/config/env';
import { applyVariants } from './variants';

async function main(): Promise<void> {
  const env = parseEnv();
  if (!env.databaseUrl) throw new Error('DATABASE_URL is required');
  const app = await createApp({ databaseUrl: env.databaseUrl });
  applyVariants(app, env, process.env.BENCH_APP_VARIANTS);
  const stop = () => void app.close().then(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  await app.listen(env.port, '127.0.0.1');
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
