/**
 * npm run reconcile [-- --all] [-- --audit]: one reconciler pass, then exit. Settles IN_PROGRESS
 * orders, unsettled refunds and cash receipts against Toss and expires stale PENDING ones, as the
 * scheduled reconciler and cash receipt sweeper do; --all ignores the RECONCILE_AFTER_MS age threshold; --audit adds the slow pass.
 * npm run reconcile -- --report [--days N]: prints the orders whose state disagrees with Toss
 * (exit code 2 when there are any). Uses DATABASE_URL, or the embedded ./data server (started, or
 * reused when `npm start` is running). Without TOSS_SECRET_KEY it asks the sandbox of the app
 * running on PORT.
 */
import { NestFactory } from '@nestjs/core';
import { AppModule } from '../src/app.module';
import { CashReceiptSweeper } from '../src/cash-receipts/cash-receipt-sweeper';
import { parseEnv } from '../src/config/env';
import { openDatabase } from '../src/database/database';
import { ReconcilerService } from '../src/payments/reconciler.service';
import { ReconciliationReportService } from '../src/payments/reconciliation-report.service';

async function main(): Promise<void> {
  // This process runs one pass by hand; it must not schedule its own.
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
    if (process.argv.includes('--report')) {
      const days = Number(process.argv[process.argv.indexOf('--days') + 1]) || 7;
      const report = await app.get(ReconciliationReportService).report(days);
      console.log(JSON.stringify(report, null, 2));
      process.exitCode = report.discrepancies.length > 0 ? 2 : 0;
    } else {
      const olderThanMs = process.argv.includes('--all') ? 0 : undefined;
      const report = await app.get(ReconcilerService).runOnce({ olderThanMs });
      const cashReceipts = await app.get(CashReceiptSweeper).runOnce({ olderThanMs });
      const audit = process.argv.includes('--audit')
        ? await app.get(ReconcilerService).audit()
        : undefined;
      console.log(JSON.stringify({ ...report, cashReceipts, ...(audit && { audit }) }, null, 2));
    }
  } finally {
    await app.close();
    await database.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
