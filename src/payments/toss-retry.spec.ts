import { TossError } from '../toss/toss.errors';
import { retryDelayMs, retryUnseen } from './toss-retry';

const unseen = new TossError('TIMEOUT', 'no answer', undefined, 'unknown');
const refused = new TossError('REJECT_CARD_PAYMENT', 'no', 400, 'refused');
const lookUp = new TossError('ALREADY_PROCESSED_PAYMENT', 'done?', 400, 'refused');

/** A Toss call answering from a script: an error is thrown, anything else returned. */
function scripted(...answers: unknown[]) {
  const call = jest.fn(() => {
    const next = answers.shift();
    return next instanceof Error ? Promise.reject(next) : Promise.resolve(next);
  });
  return call;
}

describe('retryUnseen: the retry with backoff around every Toss call whose outcome we did not see', () => {
  const pauses: number[] = [];
  const pause = (ms: number) => Promise.resolve(pauses.push(ms));
  beforeEach(() => pauses.splice(0));

  it('waits 200 ms, 1 s, then 3 s for every further retry', () => {
    expect([0, 1, 2, 3, 7].map(retryDelayMs)).toEqual([200, 1000, 3000, 3000, 3000]);
  });

  it.each([
    ['an answer at once', [{ ok: 1 }], 2, { kind: 'answer', value: { ok: 1 } }, 1, []],
    [
      'an answer after two unseen outcomes',
      [unseen, unseen, { ok: 2 }],
      2,
      { kind: 'answer', value: { ok: 2 } },
      3,
      [200, 1000],
    ],
    [
      'unseen every time: the last error after the retries',
      [unseen, unseen, unseen, { ok: 3 }],
      2,
      { kind: 'error', error: unseen },
      3,
      [200, 1000],
    ],
    ['no retries configured', [unseen, { ok: 4 }], 0, { kind: 'error', error: unseen }, 1, []],
    [
      'a refusal is never retried',
      [refused, { ok: 5 }],
      2,
      { kind: 'error', error: refused },
      1,
      [],
    ],
    [
      'an error the caller stops on is never retried',
      [unseen, lookUp, { ok: 6 }],
      2,
      { kind: 'error', error: lookUp },
      2,
      [200],
    ],
  ] as const)('%s', async (_, answers, retries, result, calls, waited) => {
    const call = scripted(...answers);
    await expect(
      retryUnseen(retries, call, (error) => error.code === lookUp.code, pause),
    ).resolves.toEqual(result);
    expect(call).toHaveBeenCalledTimes(calls);
    expect(pauses).toEqual(waited);
  });

  it('throws anything that is not Toss answering at once', async () => {
    const call = scripted(new TypeError('bug'), { ok: 1 });
    await expect(retryUnseen(2, call, undefined, pause)).rejects.toThrow('bug');
    expect(call).toHaveBeenCalledTimes(1);
  });
});
