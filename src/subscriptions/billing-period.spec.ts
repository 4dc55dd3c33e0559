import { seoulDate } from '../common/seoul-time';
import {
  firstChargeAt,
  intervalProblem,
  MAX_PERIOD,
  nextPeriodStart,
  periodAt,
  periodBounds,
  periodStart,
  PlanInterval,
  trialDaysProblem,
} from './billing-period';

const kst = (local: string) => new Date(`${local}+09:00`);
const MONTHLY: PlanInterval = { unit: 'MONTH', count: 1 };

describe('plan intervals', () => {
  it.each([
    [{ unit: 'MONTH', count: 1 }, undefined],
    [{ unit: 'MONTH', count: 12 }, undefined],
    [{ unit: 'WEEK', count: 52 }, undefined],
    [{ unit: 'DAY', count: 365 }, undefined],
    [{ unit: 'MONTH', count: 13 }, 'interval count must be a whole number from 1 to 12 for MONTH'],
    [{ unit: 'WEEK', count: 53 }, 'interval count must be a whole number from 1 to 52 for WEEK'],
    [{ unit: 'DAY', count: 366 }, 'interval count must be a whole number from 1 to 365 for DAY'],
    [{ unit: 'DAY', count: 0 }, 'interval count must be a whole number from 1 to 365 for DAY'],
    [{ unit: 'DAY', count: 1.5 }, 'interval count must be a whole number from 1 to 365 for DAY'],
    [{ unit: 'YEAR', count: 1 }, 'interval unit must be one of MONTH, WEEK, DAY'],
  ] as const)('%j → %s', (interval, problem) => {
    expect(intervalProblem(interval as PlanInterval)).toBe(problem);
  });

  it.each([
    [0, undefined],
    [365, undefined],
    [366, 'trial days must be a whole number from 0 to 365'],
    [-1, 'trial days must be a whole number from 0 to 365'],
    [0.5, 'trial days must be a whole number from 0 to 365'],
  ])('trial of %s days → %s', (days, problem) => {
    expect(trialDaysProblem(days)).toBe(problem);
  });
});

describe('first charge after the trial', () => {
  it.each([
    ['2026-01-31T23:00:00', 0, '2026-01-31T23:00:00'],
    ['2026-01-31T23:00:00', 14, '2026-02-14T23:00:00'],
    ['2028-02-28T10:00:00', 1, '2028-02-29T10:00:00'],
    ['2026-12-31T23:59:59', 365, '2027-12-31T23:59:59'],
  ])('start %s KST + %i days → %s KST', (start, days, due) => {
    expect(firstChargeAt(kst(start), days)).toEqual(kst(due));
  });

  it('refuses a trial outside 0..365', () => {
    expect(() => firstChargeAt(kst('2026-01-01T00:00:00'), 366)).toThrow(RangeError);
  });
});

describe('period starts on the Seoul calendar, anchored', () => {
  it.each<[string, PlanInterval, number, string]>([
    // Month-ends clamp in the short month only and recover.
    ['2026-01-31T10:00:00', MONTHLY, 1, '2026-01-31T10:00:00'],
    ['2026-01-31T10:00:00', MONTHLY, 2, '2026-02-28T10:00:00'],
    ['2026-01-31T10:00:00', MONTHLY, 3, '2026-03-31T10:00:00'],
    ['2026-01-31T10:00:00', MONTHLY, 4, '2026-04-30T10:00:00'],
    ['2026-01-31T10:00:00', MONTHLY, 13, '2027-01-31T10:00:00'],
    ['2028-01-31T10:00:00', MONTHLY, 2, '2028-02-29T10:00:00'],
    ['2026-01-30T10:00:00', MONTHLY, 2, '2026-02-28T10:00:00'],
    ['2026-01-30T10:00:00', MONTHLY, 3, '2026-03-30T10:00:00'],
    ['2026-08-31T09:00:00', { unit: 'MONTH', count: 3 }, 2, '2026-11-30T09:00:00'],
    ['2026-08-31T09:00:00', { unit: 'MONTH', count: 3 }, 3, '2027-02-28T09:00:00'],
    ['2026-08-31T09:00:00', { unit: 'MONTH', count: 3 }, 4, '2027-05-31T09:00:00'],
    ['2028-02-29T12:00:00', { unit: 'MONTH', count: 12 }, 2, '2029-02-28T12:00:00'],
    ['2028-02-29T12:00:00', { unit: 'MONTH', count: 12 }, 5, '2032-02-29T12:00:00'],
    // Just after midnight in Seoul is the previous day in UTC: the Seoul day is the anchor day.
    ['2026-01-31T01:00:00', MONTHLY, 2, '2026-02-28T01:00:00'],
    ['2026-03-31T00:00:00', MONTHLY, 2, '2026-04-30T00:00:00'],
    ['2026-12-31T00:30:00', MONTHLY, 2, '2027-01-31T00:30:00'],
    ['2026-12-25T08:00:00', { unit: 'WEEK', count: 1 }, 2, '2027-01-01T08:00:00'],
    ['2026-01-01T08:00:00', { unit: 'WEEK', count: 2 }, 27, '2026-12-31T08:00:00'],
    ['2026-02-27T23:59:59', { unit: 'DAY', count: 1 }, 3, '2026-03-01T23:59:59'],
    ['2026-01-01T00:00:00', { unit: 'DAY', count: 365 }, 2, '2027-01-01T00:00:00'],
  ])('anchor %s KST, %j, period %i → %s KST', (anchor, interval, period, start) => {
    expect(periodStart(kst(anchor), interval, period)).toEqual(kst(start));
  });

  it('counts on Seoul days, not UTC ones', () => {
    // 31 Jan 01:00 KST is 30 Jan in UTC; a UTC calendar would say 28 Feb 16:00Z (1 Mar in Seoul).
    const anchor = new Date('2026-01-30T16:00:00Z');
    expect(periodStart(anchor, MONTHLY, 2)).toEqual(new Date('2026-02-27T16:00:00Z'));
    expect(seoulDate(periodStart(anchor, MONTHLY, 2))).toBe('2026-02-28');
  });

  it('a year of monthly periods from 31 Jan, each on its Seoul date', () => {
    const anchor = kst('2026-01-31T09:00:00');
    const dates = Array.from({ length: 12 }, (_, i) =>
      seoulDate(periodStart(anchor, MONTHLY, i + 1)),
    );
    expect(dates).toEqual([
      '2026-01-31',
      '2026-02-28',
      '2026-03-31',
      '2026-04-30',
      '2026-05-31',
      '2026-06-30',
      '2026-07-31',
      '2026-08-31',
      '2026-09-30',
      '2026-10-31',
      '2026-11-30',
      '2026-12-31',
    ]);
  });

  it.each([0, -1, 1.5, MAX_PERIOD + 1])('refuses period %s', (period) => {
    expect(() => periodStart(kst('2026-01-31T10:00:00'), MONTHLY, period)).toThrow(RangeError);
  });

  it('refuses an interval a plan cannot have', () => {
    expect(() => periodStart(kst('2026-01-31T10:00:00'), { unit: 'MONTH', count: 13 }, 2)).toThrow(
      RangeError,
    );
  });
});

describe('period bounds and numbering', () => {
  const anchor = kst('2026-01-31T10:00:00');

  it.each([
    [1, '2026-01-31T10:00:00', '2026-02-28T10:00:00'],
    [2, '2026-02-28T10:00:00', '2026-03-31T10:00:00'],
    [3, '2026-03-31T10:00:00', '2026-04-30T10:00:00'],
  ])('period %i is [%s, %s) KST', (period, start, end) => {
    expect(periodBounds(anchor, MONTHLY, period)).toEqual({ start: kst(start), end: kst(end) });
  });

  it.each([
    ['2026-01-31T09:59:59', 0],
    ['2026-01-31T10:00:00', 1],
    ['2026-02-28T09:59:59', 1],
    ['2026-02-28T10:00:00', 2],
    ['2026-03-30T10:00:00', 2],
    ['2026-03-31T10:00:00', 3],
    ['2027-01-31T10:00:00', 13],
    ['2046-01-31T09:59:59', 240],
  ])('%s KST is in period %i', (instant, period) => {
    expect(periodAt(anchor, MONTHLY, kst(instant))).toBe(period);
  });

  it.each<[PlanInterval, string, number]>([
    [{ unit: 'DAY', count: 1 }, '2026-02-01T10:00:00', 2],
    [{ unit: 'DAY', count: 7 }, '2026-02-07T09:59:59', 1],
    [{ unit: 'WEEK', count: 1 }, '2026-02-07T10:00:00', 2],
    [{ unit: 'MONTH', count: 12 }, '2028-01-31T10:00:00', 3],
  ])('%j: %s KST is in period %i', (interval, instant, period) => {
    expect(periodAt(anchor, interval, kst(instant))).toBe(period);
  });

  it.each([
    // From a period's start, and from inside one, the next start is the next period's.
    ['2026-01-31T10:00:00', '2026-02-28T10:00:00'],
    ['2026-02-28T10:00:00', '2026-03-31T10:00:00'],
    ['2026-03-15T00:00:00', '2026-03-31T10:00:00'],
    // Before the anchor (in the trial) the next start is the anchor.
    ['2026-01-20T00:00:00', '2026-01-31T10:00:00'],
  ])('next period start after %s KST → %s KST', (from, next) => {
    expect(nextPeriodStart(anchor, MONTHLY, kst(from))).toEqual(kst(next));
  });
});
