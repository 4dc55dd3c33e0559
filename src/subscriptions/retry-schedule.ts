/**
 * When a softly declined charge is tried again. The schedule is days after the period's first
 * declined attempt (not after the previous retry), so "1,3,5" means day 1, day 3 and day 5 and the
 * customer's grace ends on a known date whatever happens in between.
 */

/** Retries 1, 3 and 5 days after the first decline, then the subscription ends UNPAID. */
export const DEFAULT_RETRY_DAYS: readonly number[] = [1, 3, 5];

export const MAX_RETRIES = 10;
export const MAX_RETRY_DAY = 30;

const DAY_MS = 86_400_000;

export type RetryDaysParse =
  { kind: 'ok'; days: readonly number[] } | { kind: 'invalid'; reason: string };

/**
 * Reads a schedule from config, e.g. "1,3,5" (spaces allowed); unset or blank: the default. The
 * reason is worded to follow the variable's name in a ConfigError.
 */
export function parseRetryDays(text: string | undefined): RetryDaysParse {
  if (text === undefined || text.trim() === '') return { kind: 'ok', days: DEFAULT_RETRY_DAYS };
  const invalid = (why: string) =>
    ({
      kind: 'invalid',
      reason: `must be 1 to ${MAX_RETRIES} increasing whole numbers of days from 1 to ${MAX_RETRY_DAY}, separated by commas, e.g. "1,3,5" (got "${text}": ${why})`,
    }) as const;
  const parts = text.split(',').map((part) => part.trim());
  if (parts.length > MAX_RETRIES) return invalid(`${parts.length} entries`);
  const days: number[] = [];
  for (const part of parts) {
    if (!/^\d+$/.test(part)) return invalid(`"${part}" is not a whole number`);
    const day = Number(part);
    if (day < 1 || day > MAX_RETRY_DAY) return invalid(`${day} is out of range`);
    if (days.length > 0 && day <= days[days.length - 1]) return invalid(`${day} does not increase`);
    days.push(day);
  }
  return { kind: 'ok', days };
}

/**
 * When retry number `retriesDone + 1` is due, counted from the period's first declined attempt;
 * 'exhausted' when the schedule has no more. Seoul has no daylight saving, so a day is 24 hours.
 */
export function nextRetryAt(
  days: readonly number[],
  firstDeclinedAt: Date,
  retriesDone: number,
): Date | 'exhausted' {
  if (!Number.isInteger(retriesDone) || retriesDone < 0) {
    throw new RangeError(`retriesDone must be a whole number from 0 (got ${retriesDone})`);
  }
  if (retriesDone >= days.length) return 'exhausted';
  return new Date(firstDeclinedAt.getTime() + days[retriesDone] * DAY_MS);
}

/**
 * A merchant refusal (the shop's keys or contract) is not the customer's: it uses none of their
 * retries, and the charge is tried again hourly, so it goes through soon after operators fix it.
 */
export const MERCHANT_RETRY_AFTER_MS = 3_600_000;

export function merchantRetryAt(refusedAt: Date): Date {
  return new Date(refusedAt.getTime() + MERCHANT_RETRY_AFTER_MS);
}
