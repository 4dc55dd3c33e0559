import { setTimeout as sleep } from 'node:timers/promises';
import { TossError } from '../toss/toss.errors';

/** Pauses before the 1st, 2nd, 3rd… retry (the last one repeats). */
export const RETRY_BACKOFF_MS = [200, 1000, 3000] as const;

export function retryDelayMs(retry: number): number {
  return RETRY_BACKOFF_MS[Math.min(retry, RETRY_BACKOFF_MS.length - 1)];
}

export type TossAttempt<T> = { kind: 'answer'; value: T } | { kind: 'error'; error: TossError };

/**
 * Calls Toss up to `retries` more times, with the caller's same Idempotency-Key inside `call`,
 * while the outcome is unseen (TossError.outcomeUnknown) and `stop` does not claim the error.
 * Anything but a TossError is thrown at once. Returns the answer, or the last error: one Toss
 * settled (refused), one `stop` took, or the unseen one after the last retry.
 */
export async function retryUnseen<T>(
  retries: number,
  call: () => Promise<T>,
  stop: (error: TossError) => boolean = () => false,
  pause: (ms: number) => Promise<unknown> = sleep,
): Promise<TossAttempt<T>> {
  for (let attempt = 0; ; attempt++) {
    try {
      return { kind: 'answer', value: await call() };
    } catch (error) {
      if (!(error instanceof TossError)) throw error;
      if (stop(error) || !error.outcomeUnknown || attempt >= retries)
        return { kind: 'error', error };
      await pause(retryDelayMs(attempt));
    }
  }
}
