import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Re-runs `probe` until it returns a value `done` accepts, or fails with the last value seen when
 * the deadline passes. Polling with a deadline instead of fixed sleeps.
 */
export async function eventually<T>(
  probe: () => Promise<T>,
  done: (value: T) => boolean,
  { timeoutMs = 20_000, intervalMs = 100 }: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      last = await probe();
      if (done(last)) return last;
    } catch (error) {
      lastError = error;
    }
    await sleep(intervalMs);
  }
  throw new Error(
    `condition not met within ${timeoutMs} ms; last value: ${JSON.stringify(last)}; last error: ${String(lastError)}`,
  );
}
