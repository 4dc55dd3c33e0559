import { DEFAULT_RETRY_DAYS, nextRetryAt, parseRetryDays, RetryDaysParse } from './retry-schedule';

describe('the retry schedule from config', () => {
  it.each<[string | undefined, readonly number[]]>([
    [undefined, [1, 3, 5]],
    ['', [1, 3, 5]],
    ['   ', [1, 3, 5]],
    ['1,3,5', [1, 3, 5]],
    [' 2 , 4 ', [2, 4]],
    ['7', [7]],
    ['30', [30]],
    ['1,2,3,4,5,6,7,8,9,10', [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]],
  ])('%j → %j', (text, days) => {
    expect(parseRetryDays(text)).toEqual({ kind: 'ok', days });
  });

  it.each([
    ['1,2,3,4,5,6,7,8,9,10,11', '11 entries'],
    ['0', '0 is out of range'],
    ['31', '31 is out of range'],
    ['1,3,3', '3 does not increase'],
    ['5,3', '3 does not increase'],
    ['1,,3', '"" is not a whole number'],
    ['1,3,', '"" is not a whole number'],
    ['1.5', '"1.5" is not a whole number'],
    ['-1', '"-1" is not a whole number'],
    ['1e1', '"1e1" is not a whole number'],
    ['1;3', '"1;3" is not a whole number'],
  ])('refuses %j (%s)', (text, why) => {
    const parsed: RetryDaysParse = parseRetryDays(text);
    expect(parsed).toEqual({ kind: 'invalid', reason: expect.stringContaining(why) as string });
  });

  it('says what is expected', () => {
    expect(parseRetryDays('0')).toEqual({
      kind: 'invalid',
      reason:
        'must be 1 to 10 increasing whole numbers of days from 1 to 30, separated by commas, e.g. "1,3,5" (got "0": 0 is out of range)',
    });
  });
});

describe('the next retry', () => {
  const FIRST_DECLINE = new Date('2026-03-31T01:00:00Z');

  it.each<[readonly number[], number, string]>([
    [DEFAULT_RETRY_DAYS, 0, '2026-04-01T01:00:00Z'],
    [DEFAULT_RETRY_DAYS, 1, '2026-04-03T01:00:00Z'],
    [DEFAULT_RETRY_DAYS, 2, '2026-04-05T01:00:00Z'],
    [[2, 30], 1, '2026-04-30T01:00:00Z'],
  ])('%j after %i retries → %s', (days, retriesDone, at) => {
    expect(nextRetryAt(days, FIRST_DECLINE, retriesDone)).toEqual(new Date(at));
  });

  it.each<[readonly number[], number]>([
    [DEFAULT_RETRY_DAYS, 3],
    [DEFAULT_RETRY_DAYS, 4],
    [[7], 1],
  ])('%j after %i retries → exhausted', (days, retriesDone) => {
    expect(nextRetryAt(days, FIRST_DECLINE, retriesDone)).toBe('exhausted');
  });

  it.each([-1, 0.5])('refuses %s retries done', (retriesDone) => {
    expect(() => nextRetryAt(DEFAULT_RETRY_DAYS, FIRST_DECLINE, retriesDone)).toThrow(RangeError);
  });
});
