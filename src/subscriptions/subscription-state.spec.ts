import { seoulDate } from '../common/seoul-time';
import { periodStart, PlanInterval } from './billing-period';
import { ChargeFailure } from './decline-rules';
import { DEFAULT_RETRY_DAYS } from './retry-schedule';
import {
  billingKeyDeleted,
  cancelAtPeriodEnd,
  cancelNow,
  chargeFailed,
  chargeSucceeded,
  coveredUntil,
  DueAction,
  dueAction,
  endAtPeriodEnd,
  hardDeclined,
  isDue,
  merchantRefused,
  newCard,
  resume,
  softDeclined,
  startSubscription,
  SubscriptionRefusal,
  SubscriptionState,
  SubscriptionStatus,
  Transition,
} from './subscription-state';

const kst = (local: string) => new Date(`${local}+09:00`);
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const later = (at: Date, ms: number) => new Date(at.getTime() + ms);

const MONTHLY: PlanInterval = { unit: 'MONTH', count: 1 };
const ANCHOR = kst('2026-01-31T10:00:00');
const start = (period: number) => periodStart(ANCHOR, MONTHLY, period);

/** Period `period` due next, nothing wrong: ACTIVE, or TRIALING before the first charge. */
const sub = (over: Partial<SubscriptionState> = {}): SubscriptionState => {
  const period = over.period ?? 3;
  return {
    status: period === 1 ? 'TRIALING' : 'ACTIVE',
    anchor: ANCHOR,
    interval: MONTHLY,
    period,
    attempt: 0,
    nextChargeAt: start(period),
    cancelAtPeriodEnd: false,
    needsNewCard: false,
    retry: null,
    lastFailureCode: null,
    canceledAt: null,
    endedAt: null,
    ...over,
  };
};
const DUE_3 = start(3); // 2026-03-31 10:00 KST
const MID_2 = kst('2026-03-15T00:00:00'); // inside period 2, period 3 not due yet

/** A soft-declined period 3: first decline at DUE_3, `retriesDone` retries made since. */
const pastDue = (retriesDone: number, over: Partial<SubscriptionState> = {}) =>
  sub({
    status: 'PAST_DUE',
    attempt: retriesDone + 1,
    retry: { firstDeclinedAt: DUE_3, retriesDone },
    nextChargeAt: later(DUE_3, DEFAULT_RETRY_DAYS[retriesDone] * DAY),
    lastFailureCode: 'REJECT_CARD_PAYMENT',
    ...over,
  });
/** A hard-declined period 3, waiting for a card. */
const needsCard = (over: Partial<SubscriptionState> = {}) =>
  sub({
    status: 'PAST_DUE',
    attempt: 1,
    needsNewCard: true,
    nextChargeAt: null,
    lastFailureCode: 'INVALID_STOPPED_CARD',
    ...over,
  });
const canceled = sub({
  status: 'CANCELED',
  nextChargeAt: null,
  canceledAt: MID_2,
  endedAt: MID_2,
});
const unpaid = pastDue(2, {
  status: 'UNPAID',
  attempt: 4,
  nextChargeAt: null,
  endedAt: later(DUE_3, 5 * DAY),
});

const movedTo = (result: Transition): SubscriptionState => {
  if (result.kind !== 'moved') throw new Error(`refused: ${result.code}`);
  return result.state;
};
const refusal = (code: SubscriptionRefusal): Transition => ({ kind: 'refused', code });

describe('starting', () => {
  const NOW = kst('2026-01-17T10:00:00');

  it.each<[number, SubscriptionStatus, Date]>([
    [0, 'ACTIVE', NOW],
    [14, 'TRIALING', ANCHOR],
  ])('with a trial of %i days → %s, first charge due %s', (trialDays, status, due) => {
    expect(movedTo(startSubscription({ interval: MONTHLY, trialDays, now: NOW }))).toEqual({
      status,
      anchor: due,
      interval: MONTHLY,
      period: 1,
      attempt: 0,
      nextChargeAt: due,
      cancelAtPeriodEnd: false,
      needsNewCard: false,
      retry: null,
      lastFailureCode: null,
      canceledAt: null,
      endedAt: null,
    });
  });

  it.each<[PlanInterval, number]>([
    [{ unit: 'MONTH', count: 13 }, 0],
    [MONTHLY, 366],
    [MONTHLY, -1],
  ])('refuses %j with %i trial days', (interval, trialDays) => {
    expect(startSubscription({ interval, trialDays, now: NOW })).toEqual(refusal('INVALID_PLAN'));
  });
});

describe('what is covered', () => {
  it.each<[string, SubscriptionState, Date]>([
    ['in the trial: its end', sub({ period: 1 }), ANCHOR],
    ['period 2 paid: its end, where period 3 starts', sub(), DUE_3],
    ['period 3 declined: still where period 3 starts', pastDue(1), DUE_3],
  ])('%s', (_, state, until) => {
    expect(coveredUntil(state)).toEqual(until);
  });
});

describe('what is due', () => {
  it.each<[string, SubscriptionState, Date, DueAction]>([
    ['ACTIVE before its period', sub(), MID_2, { kind: 'none' }],
    ['ACTIVE at its period', sub(), DUE_3, { kind: 'charge', charge: { period: 3, attempt: 1 } }],
    [
      'ACTIVE late',
      sub(),
      later(DUE_3, DAY),
      { kind: 'charge', charge: { period: 3, attempt: 1 } },
    ],
    [
      'TRIALING at its end',
      sub({ period: 1 }),
      ANCHOR,
      { kind: 'charge', charge: { period: 1, attempt: 1 } },
    ],
    ['TRIALING before its end', sub({ period: 1 }), later(ANCHOR, -1), { kind: 'none' }],
    ['PAST_DUE before its retry', pastDue(0), later(DUE_3, DAY - 1), { kind: 'none' }],
    [
      'PAST_DUE at its retry',
      pastDue(0),
      later(DUE_3, DAY),
      { kind: 'charge', charge: { period: 3, attempt: 2 } },
    ],
    ['PAST_DUE needing a card', needsCard(), later(DUE_3, 30 * DAY), { kind: 'none' }],
    ['set to cancel, before the end', sub({ cancelAtPeriodEnd: true }), MID_2, { kind: 'none' }],
    ['set to cancel, at the end', sub({ cancelAtPeriodEnd: true }), DUE_3, { kind: 'end' }],
    ['CANCELED', { ...canceled, nextChargeAt: DUE_3 }, DUE_3, { kind: 'none' }],
    ['UNPAID', { ...unpaid, nextChargeAt: DUE_3 }, DUE_3, { kind: 'none' }],
  ])('%s', (_, state, now, action) => {
    expect(dueAction(state, now)).toEqual(action);
    expect(isDue(state, now)).toBe(action.kind !== 'none');
  });
});

describe('a charge succeeded', () => {
  it.each<
    [string, SubscriptionState, { period: number; attempt: number }, Partial<SubscriptionState>]
  >([
    [
      'the trial’s first charge',
      sub({ period: 1 }),
      { period: 1, attempt: 1 },
      { status: 'ACTIVE', period: 2, nextChargeAt: start(2) },
    ],
    [
      'a renewal',
      sub(),
      { period: 3, attempt: 1 },
      { status: 'ACTIVE', period: 4, nextChargeAt: start(4) },
    ],
    [
      'a retry: the retries and the code are cleared',
      pastDue(1),
      { period: 3, attempt: 3 },
      {
        status: 'ACTIVE',
        period: 4,
        attempt: 0,
        retry: null,
        lastFailureCode: null,
        nextChargeAt: start(4),
      },
    ],
    [
      'a new card’s charge',
      needsCard({ needsNewCard: false, nextChargeAt: DUE_3 }),
      { period: 3, attempt: 2 },
      { status: 'ACTIVE', period: 4, attempt: 0, lastFailureCode: null, nextChargeAt: start(4) },
    ],
    [
      'while its key was deleted: paid, but the next needs a card',
      needsCard({ attempt: 0, lastFailureCode: null }),
      { period: 3, attempt: 1 },
      { status: 'PAST_DUE', period: 4, needsNewCard: true, nextChargeAt: null },
    ],
  ])('%s', (_, state, charge, expected) => {
    expect(movedTo(chargeSucceeded(state, charge, DUE_3))).toEqual({
      ...state,
      attempt: 0,
      ...expected,
    });
  });

  it.each<[string, SubscriptionState, { period: number; attempt: number }, SubscriptionRefusal]>([
    [
      'a repeat of the success (period moved on)',
      sub({ period: 4 }),
      { period: 3, attempt: 1 },
      'STALE_CHARGE',
    ],
    ['an attempt whose decline was applied', pastDue(0), { period: 3, attempt: 1 }, 'STALE_CHARGE'],
    ['an attempt not started', sub(), { period: 3, attempt: 2 }, 'STALE_CHARGE'],
    ['a future period', sub(), { period: 4, attempt: 1 }, 'STALE_CHARGE'],
    [
      'on a CANCELED subscription (void it)',
      canceled,
      { period: 3, attempt: 1 },
      'SUBSCRIPTION_ENDED',
    ],
    [
      'on an UNPAID subscription (void it)',
      unpaid,
      { period: 3, attempt: 5 },
      'SUBSCRIPTION_ENDED',
    ],
  ])('refuses %s', (_, state, charge, code) => {
    expect(chargeSucceeded(state, charge, DUE_3)).toEqual(refusal(code));
  });
});

describe('a soft decline', () => {
  // The default schedule walked through: declined at DUE_3, then on days 1, 3 and 5.
  it.each<[string, SubscriptionState, number, Date, Partial<SubscriptionState>]>([
    [
      'the renewal',
      sub(),
      1,
      DUE_3,
      {
        status: 'PAST_DUE',
        nextChargeAt: later(DUE_3, 1 * DAY),
        retry: { firstDeclinedAt: DUE_3, retriesDone: 0 },
      },
    ],
    [
      'retry 1',
      pastDue(0),
      2,
      later(DUE_3, 1 * DAY),
      {
        status: 'PAST_DUE',
        nextChargeAt: later(DUE_3, 3 * DAY),
        retry: { firstDeclinedAt: DUE_3, retriesDone: 1 },
      },
    ],
    [
      'retry 2',
      pastDue(1),
      3,
      later(DUE_3, 3 * DAY),
      {
        status: 'PAST_DUE',
        nextChargeAt: later(DUE_3, 5 * DAY),
        retry: { firstDeclinedAt: DUE_3, retriesDone: 2 },
      },
    ],
    [
      'retry 3, the last: UNPAID',
      pastDue(2),
      4,
      later(DUE_3, 5 * DAY),
      {
        status: 'UNPAID',
        nextChargeAt: null,
        endedAt: later(DUE_3, 5 * DAY),
        retry: { firstDeclinedAt: DUE_3, retriesDone: 3 },
      },
    ],
    [
      'a late retry counts from the first decline',
      pastDue(0),
      2,
      later(DUE_3, 2 * DAY),
      {
        status: 'PAST_DUE',
        nextChargeAt: later(DUE_3, 3 * DAY),
        retry: { firstDeclinedAt: DUE_3, retriesDone: 1 },
      },
    ],
    [
      'a new card’s charge starts the schedule again',
      needsCard({ needsNewCard: false, nextChargeAt: MID_2, status: 'PAST_DUE' }),
      2,
      MID_2,
      {
        status: 'PAST_DUE',
        nextChargeAt: later(MID_2, 1 * DAY),
        retry: { firstDeclinedAt: MID_2, retriesDone: 0 },
      },
    ],
    [
      'of the trial’s first charge',
      sub({ period: 1 }),
      1,
      ANCHOR,
      {
        status: 'PAST_DUE',
        nextChargeAt: later(ANCHOR, 1 * DAY),
        retry: { firstDeclinedAt: ANCHOR, retriesDone: 0 },
      },
    ],
  ])('of %s', (_, state, attempt, now, expected) => {
    const result = softDeclined(
      state,
      { period: state.period, attempt },
      'REJECT_CARD_PAYMENT',
      now,
      DEFAULT_RETRY_DAYS,
    );
    expect(movedTo(result)).toEqual({
      ...state,
      attempt,
      lastFailureCode: 'REJECT_CARD_PAYMENT',
      ...expected,
    });
  });

  it('follows the configured schedule', () => {
    const first = movedTo(
      softDeclined(sub(), { period: 3, attempt: 1 }, 'EXCEED_MAX_AMOUNT', DUE_3, [7]),
    );
    expect(first.nextChargeAt).toEqual(later(DUE_3, 7 * DAY));
    const last = movedTo(
      softDeclined(
        first,
        { period: 3, attempt: 2 },
        'EXCEED_MAX_AMOUNT',
        later(DUE_3, 7 * DAY),
        [7],
      ),
    );
    expect(last.status).toBe('UNPAID');
  });

  it('on a deleted key: no retry, a card is needed', () => {
    const state = needsCard({ attempt: 0, lastFailureCode: null });
    expect(
      movedTo(
        softDeclined(
          state,
          { period: 3, attempt: 1 },
          'REJECT_CARD_PAYMENT',
          DUE_3,
          DEFAULT_RETRY_DAYS,
        ),
      ),
    ).toEqual({
      ...state,
      attempt: 1,
      lastFailureCode: 'REJECT_CARD_PAYMENT',
    });
  });

  it.each<[SubscriptionState, number, SubscriptionRefusal]>([
    [pastDue(0), 1, 'STALE_CHARGE'],
    [canceled, 1, 'SUBSCRIPTION_ENDED'],
    [unpaid, 5, 'SUBSCRIPTION_ENDED'],
  ])('refuses a decline of %j attempt %i', (state, attempt, code) => {
    expect(
      softDeclined(state, { period: 3, attempt }, 'REJECT_CARD_PAYMENT', DUE_3, DEFAULT_RETRY_DAYS),
    ).toEqual(refusal(code));
  });
});

describe('a hard decline', () => {
  it.each<[string, SubscriptionState, number]>([
    ['of a renewal', sub(), 1],
    ['of a retry', pastDue(1), 3],
    ['of the trial’s first charge', sub({ period: 1 }), 1],
  ])('%s → PAST_DUE needing a card, nothing planned', (_, state, attempt) => {
    expect(
      movedTo(
        hardDeclined(state, { period: state.period, attempt }, 'INVALID_STOPPED_CARD', DUE_3),
      ),
    ).toEqual({
      ...state,
      status: 'PAST_DUE',
      attempt,
      needsNewCard: true,
      nextChargeAt: null,
      retry: null,
      lastFailureCode: 'INVALID_STOPPED_CARD',
    });
  });

  it.each<[SubscriptionState, number, SubscriptionRefusal]>([
    [sub(), 2, 'STALE_CHARGE'],
    [canceled, 1, 'SUBSCRIPTION_ENDED'],
  ])('refuses %j attempt %i', (state, attempt, code) => {
    expect(hardDeclined(state, { period: 3, attempt }, 'INVALID_STOPPED_CARD', DUE_3)).toEqual(
      refusal(code),
    );
  });
});

describe('a merchant refusal', () => {
  it.each<[string, SubscriptionState, number, Date | null]>([
    ['of a renewal: same status, an hour later', sub(), 1, later(DUE_3, HOUR)],
    ['of a retry: no retry used', pastDue(1), 3, later(DUE_3, HOUR)],
    [
      'while the key was deleted: wait for a card',
      needsCard({ attempt: 0, lastFailureCode: null }),
      1,
      null,
    ],
  ])('%s', (_, state, attempt, next) => {
    expect(movedTo(merchantRefused(state, { period: 3, attempt }, DUE_3))).toEqual({
      ...state,
      attempt,
      nextChargeAt: next,
    });
  });

  it('refuses a stale one', () => {
    expect(merchantRefused(sub(), { period: 2, attempt: 1 }, DUE_3)).toEqual(
      refusal('STALE_CHARGE'),
    );
  });
});

describe('a failure as decline-rules classified it', () => {
  const failure = (kind: ChargeFailure['kind'], code: string): ChargeFailure => ({
    kind,
    code,
    unlisted: false,
  });

  it.each<[ChargeFailure, Transition]>([
    [
      failure('HARD', 'INVALID_CARD_EXPIRATION'),
      hardDeclined(sub(), { period: 3, attempt: 1 }, 'INVALID_CARD_EXPIRATION', DUE_3),
    ],
    [
      failure('SOFT', 'REJECT_CARD_COMPANY'),
      softDeclined(
        sub(),
        { period: 3, attempt: 1 },
        'REJECT_CARD_COMPANY',
        DUE_3,
        DEFAULT_RETRY_DAYS,
      ),
    ],
    [
      failure('MERCHANT', 'UNAUTHORIZED_KEY'),
      merchantRefused(sub(), { period: 3, attempt: 1 }, DUE_3),
    ],
    [failure('UNKNOWN', 'TIMEOUT'), refusal('OUTCOME_UNKNOWN')],
  ])('%j', (classified, expected) => {
    expect(
      chargeFailed(sub(), { period: 3, attempt: 1 }, classified, DUE_3, DEFAULT_RETRY_DAYS),
    ).toEqual(expected);
  });
});

describe('a new card', () => {
  it.each<[string, SubscriptionState, Date]>([
    ['after a hard decline', needsCard(), later(DUE_3, DAY)],
    ['in soft retries: the schedule restarts', pastDue(1), later(DUE_3, 2 * DAY)],
  ])('PAST_DUE %s: charged at once', (_, state, now) => {
    expect(movedTo(newCard(state, now))).toEqual({
      ...state,
      status: 'PAST_DUE',
      needsNewCard: false,
      retry: null,
      nextChargeAt: now,
    });
  });

  it.each<[string, SubscriptionState, Date, SubscriptionStatus, Date]>([
    // needsCard() is on period 3: at MID_2 period 2 is paid and still running.
    [
      'key deleted mid-period: ACTIVE again, charged when the period ends',
      needsCard({ nextChargeAt: null }),
      MID_2,
      'ACTIVE',
      DUE_3,
    ],
    [
      'key deleted in the trial: TRIALING again, charged when it ends',
      needsCard({ period: 1, attempt: 0 }),
      later(ANCHOR, -DAY),
      'TRIALING',
      ANCHOR,
    ],
    [
      'key deleted, period over: charged at once',
      needsCard({ period: 1, attempt: 0 }),
      later(ANCHOR, DAY),
      'PAST_DUE',
      later(ANCHOR, DAY),
    ],
  ])('%s', (_, state, now, status, next) => {
    expect(movedTo(newCard(state, now))).toMatchObject({
      status,
      nextChargeAt: next,
      needsNewCard: false,
      retry: null,
    });
  });

  it.each<[string, SubscriptionState]>([
    ['ACTIVE', sub()],
    ['TRIALING', sub({ period: 1 })],
    ['set to cancel', sub({ cancelAtPeriodEnd: true, canceledAt: MID_2 })],
  ])('%s: a card swap, nothing moves', (_, state) => {
    expect(newCard(state, MID_2)).toEqual({ kind: 'moved', state });
  });

  it.each([canceled, unpaid])('refused when ended (%#)', (state) => {
    expect(newCard(state, MID_2)).toEqual(refusal('SUBSCRIPTION_ENDED'));
  });
});

describe('canceling now', () => {
  it.each<[string, SubscriptionState]>([
    ['ACTIVE', sub()],
    ['TRIALING', sub({ period: 1 })],
    ['PAST_DUE', pastDue(1)],
    ['needing a card', needsCard()],
    ['set to cancel at the end', sub({ cancelAtPeriodEnd: true, canceledAt: MID_2 })],
  ])('%s → CANCELED', (_, state) => {
    expect(movedTo(cancelNow(state, MID_2))).toEqual({
      ...state,
      status: 'CANCELED',
      cancelAtPeriodEnd: false,
      nextChargeAt: null,
      retry: null,
      canceledAt: MID_2,
      endedAt: MID_2,
    });
  });

  it.each([canceled, unpaid])('refused when ended (%#)', (state) => {
    expect(cancelNow(state, MID_2)).toEqual(refusal('SUBSCRIPTION_ENDED'));
  });
});

describe('canceling at the period end', () => {
  it.each<[string, SubscriptionState, Date, Date]>([
    ['ACTIVE: ends when period 2 runs out', sub(), MID_2, DUE_3],
    [
      'TRIALING: ends when the trial does, never charged',
      sub({ period: 1 }),
      later(ANCHOR, -DAY),
      ANCHOR,
    ],
    ['needing a card mid-period: ends when the period does', needsCard(), MID_2, DUE_3],
  ])('%s', (_, state, now, end) => {
    expect(movedTo(cancelAtPeriodEnd(state, now))).toEqual({
      ...state,
      cancelAtPeriodEnd: true,
      canceledAt: now,
      nextChargeAt: end,
    });
  });

  it('asked twice: no change', () => {
    const set = sub({ cancelAtPeriodEnd: true, canceledAt: MID_2 });
    expect(cancelAtPeriodEnd(set, later(MID_2, DAY))).toEqual({ kind: 'moved', state: set });
  });

  it.each<[string, SubscriptionState, Date]>([
    ['PAST_DUE: nothing paid is left, ends now', pastDue(1), later(DUE_3, 2 * DAY)],
    ['needing a card after its period ran out: ends now', needsCard(), later(DUE_3, DAY)],
    ['ACTIVE with its charge due: ends now, not charged', sub(), DUE_3],
  ])('%s', (_, state, now) => {
    expect(cancelAtPeriodEnd(state, now)).toEqual(cancelNow(state, now));
    expect(movedTo(cancelAtPeriodEnd(state, now)).status).toBe('CANCELED');
  });

  it.each([canceled, unpaid])('refused when ended (%#)', (state) => {
    expect(cancelAtPeriodEnd(state, MID_2)).toEqual(refusal('SUBSCRIPTION_ENDED'));
  });
});

describe('resuming before the period end', () => {
  it.each<[string, SubscriptionState, Date | null]>([
    ['ACTIVE', sub({ cancelAtPeriodEnd: true, canceledAt: MID_2 }), DUE_3],
    [
      'needing a card: nothing planned until one',
      needsCard({ cancelAtPeriodEnd: true, canceledAt: MID_2, nextChargeAt: DUE_3 }),
      null,
    ],
  ])('%s clears the flag', (_, state, next) => {
    expect(movedTo(resume(state, MID_2))).toEqual({
      ...state,
      cancelAtPeriodEnd: false,
      canceledAt: null,
      nextChargeAt: next,
    });
  });

  it.each<[string, SubscriptionState, Date, SubscriptionRefusal]>([
    ['not set to cancel', sub(), MID_2, 'NOT_SET_TO_CANCEL'],
    ['at the period end', sub({ cancelAtPeriodEnd: true }), DUE_3, 'PERIOD_ENDED'],
    ['ended', canceled, MID_2, 'SUBSCRIPTION_ENDED'],
  ])('refused %s', (_, state, now, code) => {
    expect(resume(state, now)).toEqual(refusal(code));
  });
});

describe('the period end of a subscription set to cancel', () => {
  it.each<[string, SubscriptionState, Date, Date]>([
    ['on time', sub({ cancelAtPeriodEnd: true, canceledAt: MID_2 }), DUE_3, DUE_3],
    [
      'the scheduler late: ended as of the period end',
      sub({ cancelAtPeriodEnd: true, canceledAt: MID_2 }),
      later(DUE_3, DAY),
      DUE_3,
    ],
    ['the trial', sub({ period: 1, cancelAtPeriodEnd: true, canceledAt: MID_2 }), ANCHOR, ANCHOR],
  ])('%s → CANCELED', (_, state, now, endedAt) => {
    expect(movedTo(endAtPeriodEnd(state, now))).toEqual({
      ...state,
      status: 'CANCELED',
      nextChargeAt: null,
      retry: null,
      endedAt,
    });
  });

  it.each<[string, SubscriptionState, Date, SubscriptionRefusal]>([
    ['before the end', sub({ cancelAtPeriodEnd: true }), later(DUE_3, -1), 'NOT_DUE'],
    ['not set to cancel', sub(), DUE_3, 'NOT_SET_TO_CANCEL'],
    ['ended', canceled, DUE_3, 'SUBSCRIPTION_ENDED'],
  ])('refused %s', (_, state, now, code) => {
    expect(endAtPeriodEnd(state, now)).toEqual(refusal(code));
  });
});

describe('the billing key deleted (BILLING_DELETED)', () => {
  it.each<[string, SubscriptionState, Date | null]>([
    ['ACTIVE mid-period', sub(), null],
    ['TRIALING', sub({ period: 1 }), null],
    ['PAST_DUE in soft retries: the retries stop', pastDue(1), null],
    [
      'set to cancel: still ends at the period end',
      sub({ cancelAtPeriodEnd: true, canceledAt: MID_2 }),
      DUE_3,
    ],
  ])('%s → PAST_DUE needing a card', (_, state, next) => {
    expect(movedTo(billingKeyDeleted(state, MID_2))).toEqual({
      ...state,
      status: 'PAST_DUE',
      needsNewCard: true,
      retry: null,
      nextChargeAt: next,
    });
  });

  it.each<[string, SubscriptionState]>([
    ['CANCELED', canceled],
    ['UNPAID', unpaid],
    ['already needing a card (a repeat)', needsCard()],
  ])('%s: unchanged', (_, state) => {
    expect(billingKeyDeleted(state, MID_2)).toEqual({ kind: 'moved', state });
  });
});

describe('the rules together, as the scheduler drives them', () => {
  /** Runs the scheduler at each instant: charges what is due (declining the listed periods), ends what is set to. */
  const drive = (
    state: SubscriptionState,
    instants: Date[],
    declines: Record<number, string[]> = {},
  ) => {
    const charges: string[] = [];
    for (const now of instants) {
      const action = dueAction(state, now);
      if (action.kind === 'end') state = movedTo(endAtPeriodEnd(state, now));
      if (action.kind !== 'charge') continue;
      const { charge } = action;
      const code = declines[charge.period]?.[charge.attempt - 1];
      charges.push(
        `${seoulDate(now)} p${charge.period} a${charge.attempt}${code ? ` ${code}` : ''}`,
      );
      const failure: ChargeFailure | undefined = code
        ? { kind: code.startsWith('INVALID') ? 'HARD' : 'SOFT', code, unlisted: false }
        : undefined;
      state = movedTo(
        failure
          ? chargeFailed(state, charge, failure, now, DEFAULT_RETRY_DAYS)
          : chargeSucceeded(state, charge, now),
      );
    }
    return { state, charges };
  };
  const daily = (from: Date, days: number) =>
    Array.from({ length: days }, (_, i) => later(from, i * DAY));
  const subscribed = movedTo(startSubscription({ interval: MONTHLY, trialDays: 0, now: ANCHOR }));

  it('a year of monthly charges: twelve, each once, on the anchored Seoul dates', () => {
    const { state, charges } = drive(subscribed, daily(ANCHOR, 365));
    expect(charges).toEqual([
      '2026-01-31 p1 a1',
      '2026-02-28 p2 a1',
      '2026-03-31 p3 a1',
      '2026-04-30 p4 a1',
      '2026-05-31 p5 a1',
      '2026-06-30 p6 a1',
      '2026-07-31 p7 a1',
      '2026-08-31 p8 a1',
      '2026-09-30 p9 a1',
      '2026-10-31 p10 a1',
      '2026-11-30 p11 a1',
      '2026-12-31 p12 a1',
    ]);
    expect(state).toMatchObject({ status: 'ACTIVE', period: 13, nextChargeAt: start(13) });
  });

  it('soft declines, then success on the second retry', () => {
    const { state, charges } = drive(subscribed, daily(ANCHOR, 40), {
      2: ['REJECT_CARD_PAYMENT', 'REJECT_CARD_PAYMENT'],
    });
    expect(charges).toEqual([
      '2026-01-31 p1 a1',
      '2026-02-28 p2 a1 REJECT_CARD_PAYMENT',
      '2026-03-01 p2 a2 REJECT_CARD_PAYMENT',
      '2026-03-03 p2 a3',
    ]);
    // The period kept its anchored dates: period 3 is due on 31 March, not a month after the retry.
    expect(state).toMatchObject({ status: 'ACTIVE', period: 3, nextChargeAt: start(3) });
  });

  it('retries run out: UNPAID after 1 + 3 attempts, then nothing', () => {
    const always = Array<string>(10).fill('EXCEED_MAX_AMOUNT');
    const { state, charges } = drive(subscribed, daily(ANCHOR, 60), { 2: always });
    expect(charges.slice(1)).toEqual([
      '2026-02-28 p2 a1 EXCEED_MAX_AMOUNT',
      '2026-03-01 p2 a2 EXCEED_MAX_AMOUNT',
      '2026-03-03 p2 a3 EXCEED_MAX_AMOUNT',
      '2026-03-05 p2 a4 EXCEED_MAX_AMOUNT',
    ]);
    expect(state).toMatchObject({
      status: 'UNPAID',
      nextChargeAt: null,
      endedAt: kst('2026-03-05T10:00:00'),
    });
  });

  it('a hard decline waits for a card, which is charged at once', () => {
    const declined = drive(subscribed, daily(ANCHOR, 35), { 2: ['INVALID_CARD_EXPIRATION'] });
    expect(declined.state).toMatchObject({
      status: 'PAST_DUE',
      needsNewCard: true,
      nextChargeAt: null,
    });
    const carded = movedTo(newCard(declined.state, kst('2026-03-06T15:00:00')));
    const { state, charges } = drive(carded, [kst('2026-03-06T15:00:00')]);
    expect(charges).toEqual(['2026-03-06 p2 a2']);
    expect(state).toMatchObject({ status: 'ACTIVE', period: 3, nextChargeAt: start(3) });
  });

  it('canceled at the period end: no further charge, CANCELED when it runs out', () => {
    const once = drive(subscribed, [ANCHOR]);
    const set = movedTo(cancelAtPeriodEnd(once.state, kst('2026-02-10T00:00:00')));
    const { state, charges } = drive(set, daily(kst('2026-02-11T10:00:00'), 60));
    expect(charges).toEqual([]);
    expect(state).toMatchObject({ status: 'CANCELED', endedAt: start(2) });
  });
});

describe('invariants after every move', () => {
  const STATES: SubscriptionState[] = [
    sub(),
    sub({ period: 1 }),
    sub({ cancelAtPeriodEnd: true, canceledAt: MID_2 }),
    pastDue(0),
    pastDue(2),
    needsCard(),
    needsCard({ cancelAtPeriodEnd: true, nextChargeAt: DUE_3 }),
    canceled,
    unpaid,
  ];
  const NOWS = [MID_2, DUE_3, later(DUE_3, 6 * DAY)];
  const moves = (s: SubscriptionState, now: Date): Transition[] => {
    const next = { period: s.period, attempt: s.attempt + 1 };
    return [
      chargeSucceeded(s, next, now),
      softDeclined(s, next, 'REJECT_CARD_PAYMENT', now, DEFAULT_RETRY_DAYS),
      hardDeclined(s, next, 'INVALID_STOPPED_CARD', now),
      merchantRefused(s, next, now),
      newCard(s, now),
      cancelNow(s, now),
      cancelAtPeriodEnd(s, now),
      resume(s, now),
      endAtPeriodEnd(s, now),
      billingKeyDeleted(s, now),
    ];
  };
  const results = STATES.flatMap((s) => NOWS.flatMap((now) => moves(s, now)))
    .filter((r): r is Extract<Transition, { kind: 'moved' }> => r.kind === 'moved')
    .map((r) => r.state);

  it.each([
    [
      'an ended subscription has nothing planned',
      (s: SubscriptionState) =>
        (s.status !== 'CANCELED' && s.status !== 'UNPAID') || s.nextChargeAt === null,
    ],
    [
      'a running one without a card problem has its next charge planned',
      (s: SubscriptionState) =>
        s.status === 'CANCELED' ||
        s.status === 'UNPAID' ||
        s.needsNewCard ||
        s.nextChargeAt !== null,
    ],
    [
      'waiting for a card plans nothing but its end',
      (s: SubscriptionState) => !s.needsNewCard || s.cancelAtPeriodEnd || s.nextChargeAt === null,
    ],
    [
      'needing a card is PAST_DUE',
      (s: SubscriptionState) =>
        !s.needsNewCard ||
        s.status === 'PAST_DUE' ||
        s.status === 'CANCELED' ||
        s.status === 'UNPAID',
    ],
    [
      'retries only while PAST_DUE or UNPAID',
      (s: SubscriptionState) =>
        s.retry === null || s.status === 'PAST_DUE' || s.status === 'UNPAID',
    ],
  ])('%s', (_, holds) => {
    expect(results.length).toBeGreaterThan(100);
    expect(results.filter((s) => !holds(s))).toEqual([]);
  });
});
