/**
 * The checkout baseline, bench-only: the very same app, except that a confirm runs the way the
 * seed did it — ONE transaction from the order's row lock to the last write, with the call to Toss
 * inside it. Each confirm then holds a pooled connection (and the row lock) for the whole Toss
 * round trip, which is what the service's design (transaction A, Toss with nothing open,
 * transaction B) avoids. Never used outside bench/.
 *
 *   DATABASE_URL=… PORT=… (the app's environment) node dist/bench/seed-style-app.js
 */
import { createApp } from '../src/bootstrap';
import { TransactionHost } from '@nestjs-cls/transactional';
import { parseEnv } from '../src/config/env';
import { PaymentsService } from '../src/payments/payments.service';
import { TossCalls } from '../src/payments/toss-calls';

async function main(): Promise<void> {
  const env = parseEnv();
  if (!env.databaseUrl) throw new Error('DATABASE_URL is required');
  const app = await createApp({ databaseUrl: env.databaseUrl });
  const txHost = app.get(TransactionHost);

  const payments = app.get(PaymentsService);
  const confirm = payments.confirm.bind(payments);
  // The seed's confirm: everything, Toss included, in one transaction (inner @Transactional joins it).
  payments.confirm = (confirmer, input) => txHost.withTransaction(() => confirm(confirmer, input));

  // The seed had no "never call Toss inside a transaction" rule: switch the guard off, keep the audit row.
  const calls = app.get<TossCalls, { txHost: { isTransactionActive(): boolean } }>(TossCalls);
  calls.txHost = { isTransactionActive: () => false };

  const stop = () => void app.close().then(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  await app.listen(env.port, '127.0.0.1');
}

main().catch((error: unknown) => {
  process.stderr.write(
    `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
