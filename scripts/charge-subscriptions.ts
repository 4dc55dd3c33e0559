/**
 * npm run charge-subscriptions [-- --all]: one subscription scheduler pass, then exit. Looks up
 * charges left IN_PROGRESS (older than a charge can take; --all: every one), then charges, retries
 * or ends every subscription due now, as the scheduled pass does. Safe beside running instances:
 * due subscriptions are claimed with FOR UPDATE SKIP LOCKED. Uses DATABASE_URL, or the embedded
 * ./data server (started, or reused when `npm start` is running). Without TOSS_SECRET_KEY it asks
 * the sandbox of the app running on PORT.
 */
import { NestFactory } from '@nestjs/core';
import { AppModule } from '../src/app.module';
import { parseEnv } from '../src/config/env';
import { openDatabase } from '../src/database/database';
import { SubscriptionScheduler } from '../src/subscriptions/subscription-scheduler';

async function main(): Promise<void> {
  // This process runs one pass by hand; it must not schedule its own (nor reconcile).
  process.env.SUBSCRIPTION_SCHEDULER_INTERVAL_MS = '0';
  process.env.RECONCILE_INTERVAL_MS = '0';
  const env = parseEnv();
  const database = await openDatabase({ url: env.databaseUrl, dataDir: env.dataDir }, (line) =>
    console.error(line),
  );
  const app = await NestFactory.createApplicationContext(
    AppModule.forRoot({ databaseUrl: database.url }),
    { logger: ['error', 'warn'] },
  );
  try {
    const report = await app
      .get(SubscriptionScheduler)
      .runOnce({ recheckAfterMs: process.argv.includes('--all') ? 0 : undefined });
    console.log(JSON.stringify(report, null, 2));
    process.exitCode = report.failed > 0 ? 1 : 0;
  } finally {
    await app.close();
    await database.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
