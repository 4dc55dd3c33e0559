/**
 * Toss retries a webhook that did not get HTTP 200 up to 7 times, at +1, 4, 16, 64, 256, 1024 and
 * 4096 minutes (docs/toss.md §7). The sandbox keeps the shape on a seconds scale.
 */
export const RETRY_DELAYS_MS = [1, 4, 16, 64, 256, 1024, 4096].map((seconds) => seconds * 1000);
export const MAX_ATTEMPTS = RETRY_DELAYS_MS.length + 1;

/** After `attempts` failed attempts: when to try again, or null when the delivery has failed for good. */
export function nextAttemptDelay(attempts: number): number | null {
  return attempts >= MAX_ATTEMPTS ? null : RETRY_DELAYS_MS[attempts - 1];
}

/** Toss requires exactly 200 (not any 2xx). */
export function isDelivered(status: number): boolean {
  return status === 200;
}
