/**
 * A subscription's billing periods: numbered 1, 2, … from the anchor (the instant the first charge
 * is due, i.e. the start plus the trial), each `interval` long in Asia/Seoul calendar terms.
 * Instants are UTC `Date`s; only the arithmetic happens on Seoul's calendar, because Korean
 * merchants bill on Korean days (a charge at 00:30 KST on the 1st is on the 1st, not the 31st).
 */

import { SEOUL_OFFSET_MS } from '../common/seoul-time';

export const INTERVAL_UNITS = ['MONTH', 'WEEK', 'DAY'] as const;
export type IntervalUnit = (typeof INTERVAL_UNITS)[number];

export interface PlanInterval {
  unit: IntervalUnit;
  count: number;
}

/** A plan renews at most yearly: 12 months, 52 weeks or 365 days. */
export const MAX_INTERVAL_COUNT: Record<IntervalUnit, number> = { MONTH: 12, WEEK: 52, DAY: 365 };

export const MAX_TRIAL_DAYS = 365;

/**
 * The highest period number: a daily plan runs 2,700 years on it, and it keeps the charge's orderId
 * (charge-ids.ts) within Toss's 64 characters.
 */
export const MAX_PERIOD = 999_999;

const DAY_MS = 86_400_000;

/** Why an interval cannot be a plan's, or undefined when it can. */
export function intervalProblem(interval: PlanInterval): string | undefined {
  if (!INTERVAL_UNITS.includes(interval.unit)) {
    return `interval unit must be one of ${INTERVAL_UNITS.join(', ')}`;
  }
  const max = MAX_INTERVAL_COUNT[interval.unit];
  if (!Number.isInteger(interval.count) || interval.count < 1 || interval.count > max) {
    return `interval count must be a whole number from 1 to ${max} for ${interval.unit}`;
  }
  return undefined;
}

/** Why a number of trial days cannot be a plan's, or undefined when it can. */
export function trialDaysProblem(trialDays: number): string | undefined {
  return Number.isInteger(trialDays) && trialDays >= 0 && trialDays <= MAX_TRIAL_DAYS
    ? undefined
    : `trial days must be a whole number from 0 to ${MAX_TRIAL_DAYS}`;
}

/** When the first charge is due: `trialDays` Seoul days after the start, at the same time of day (the anchor). */
export function firstChargeAt(start: Date, trialDays: number): Date {
  assert(trialDaysProblem(trialDays));
  return new Date(start.getTime() + trialDays * DAY_MS);
}

/**
 * Where period `period` starts. Months count from the anchor, not from the previous period, so a
 * day the month lacks is clamped in that month only: anchored 31 Jan → 28/29 Feb → 31 Mar.
 */
export function periodStart(anchor: Date, interval: PlanInterval, period: number): Date {
  assert(intervalProblem(interval));
  if (!Number.isInteger(period) || period < 1 || period > MAX_PERIOD) {
    throw new RangeError(`period must be a whole number from 1 to ${MAX_PERIOD} (got ${period})`);
  }
  const steps = (period - 1) * interval.count;
  const seoul = new Date(anchor.getTime() + SEOUL_OFFSET_MS);
  const year = seoul.getUTCFullYear();
  const month = seoul.getUTCMonth();
  const day = seoul.getUTCDate();
  const timeOfDay = seoul.getTime() - Date.UTC(year, month, day);
  let date: number;
  switch (interval.unit) {
    case 'MONTH': {
      const monthIndex = month + steps;
      const lastDay = new Date(Date.UTC(year, monthIndex + 1, 0)).getUTCDate();
      date = Date.UTC(year, monthIndex, Math.min(day, lastDay));
      break;
    }
    case 'WEEK':
      date = Date.UTC(year, month, day + steps * 7);
      break;
    case 'DAY':
      date = Date.UTC(year, month, day + steps);
      break;
  }
  return new Date(date + timeOfDay - SEOUL_OFFSET_MS);
}

/** Period `period` as [start, end): the end is the next period's start. */
export function periodBounds(
  anchor: Date,
  interval: PlanInterval,
  period: number,
): { start: Date; end: Date } {
  return {
    start: periodStart(anchor, interval, period),
    end: periodStart(anchor, interval, period + 1),
  };
}

/** The number of the period that holds `instant`; 0 before the anchor (the trial). */
export function periodAt(anchor: Date, interval: PlanInterval, instant: Date): number {
  assert(intervalProblem(interval));
  const t = instant.getTime();
  if (t < anchor.getTime()) return 0;
  // Estimate from an average length, then step: month lengths vary, the estimate is off by a few.
  const averageDays = { MONTH: 30.436875, WEEK: 7, DAY: 1 }[interval.unit] * interval.count;
  let period = Math.min(
    MAX_PERIOD,
    Math.max(1, Math.floor((t - anchor.getTime()) / (averageDays * DAY_MS)) + 1),
  );
  while (period > 1 && periodStart(anchor, interval, period).getTime() > t) period--;
  while (period < MAX_PERIOD && periodStart(anchor, interval, period + 1).getTime() <= t) period++;
  return period;
}

/** The start of the period after the one holding `from` (the anchor itself when `from` is before it). */
export function nextPeriodStart(anchor: Date, interval: PlanInterval, from: Date): Date {
  return periodStart(anchor, interval, periodAt(anchor, interval, from) + 1);
}

/** Inputs here come from validated plans: a bad one is a bug, not a customer's mistake. */
function assert(problem: string | undefined): void {
  if (problem !== undefined) throw new RangeError(problem);
}
