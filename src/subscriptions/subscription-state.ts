import {
  firstChargeAt,
  intervalProblem,
  periodStart,
  PlanInterval,
  trialDaysProblem,
} from './billing-period';
import type { ChargeFailure } from './decline-rules';
import { merchantRetryAt, nextRetryAt } from './retry-schedule';

/**
 * A subscription's states and the moves between them. Every move is a pure function returning the
 * new state or a refusal code; services load the row, call one, and write what it returns.
 *
 * UNPAID is the end after the soft-decline retries run out: the name Stripe gives that state ("once
 * Stripe has exhausted all payment retry attempts, the subscription will become canceled or
 * unpaid", https://docs.stripe.com/api/subscriptions/object), so it reads as meant to anyone who
 * has run subscriptions. Toss has no subscription object to name it. It is not CANCELED, which
 * someone chose: reports and the customer's screen tell the two apart.
 */
export const SUBSCRIPTION_STATUSES = [
  'TRIALING',
  'ACTIVE',
  'PAST_DUE',
  'UNPAID',
  'CANCELED',
] as const;
export type SubscriptionStatus = (typeof SUBSCRIPTION_STATUSES)[number];

/** The statuses the scheduler looks at; UNPAID and CANCELED are final. */
export const CHARGEABLE_STATUSES: readonly SubscriptionStatus[] = [
  'TRIALING',
  'ACTIVE',
  'PAST_DUE',
];

/** The soft-decline retries of the period being charged. */
export interface SoftRetry {
  /** The schedule counts from here (retry-schedule.ts). */
  firstDeclinedAt: Date;
  retriesDone: number;
}

export interface SubscriptionState {
  status: SubscriptionStatus;
  /** Where period 1 starts: the first charge, after the trial. Fixed for the subscription's life. */
  anchor: Date;
  /** The plan's interval when the customer subscribed; a later change of the plan does not move it. */
  interval: PlanInterval;
  /** The period the next charge pays for: 1 until the first charge succeeds. */
  period: number;
  /** Attempts for `period` whose outcome is known; the next charge is attempt `attempt + 1`. */
  attempt: number;
  /** When the scheduler acts next: charge, or end when `cancelAtPeriodEnd`. Null: nothing planned. */
  nextChargeAt: Date | null;
  cancelAtPeriodEnd: boolean;
  /** The card declined for good or its billing key is gone: nothing is charged until a new card. */
  needsNewCard: boolean;
  retry: SoftRetry | null;
  /** Toss's code of the last decline, for the customer; merchant refusals are for operators. */
  lastFailureCode: string | null;
  /** When the customer asked to cancel (now or at the period's end). */
  canceledAt: Date | null;
  /** When it stopped running: CANCELED or UNPAID. */
  endedAt: Date | null;
}

export type SubscriptionRefusal =
  /** The plan's interval or trial cannot be subscribed to. */
  | 'INVALID_PLAN'
  /** UNPAID or CANCELED: nothing moves it any more. A charge approved now must be voided. */
  | 'SUBSCRIPTION_ENDED'
  /** The outcome is not for the charge under way (a repeat, or late): applied already or never. */
  | 'STALE_CHARGE'
  /** Not known whether money moved: look the charge up; the state waits. */
  | 'OUTCOME_UNKNOWN'
  | 'NOT_SET_TO_CANCEL'
  /** Too late to resume: what was paid for has run out. */
  | 'PERIOD_ENDED'
  /** Too early to end at the period's end. */
  | 'NOT_DUE';

export type Transition =
  { kind: 'moved'; state: SubscriptionState } | { kind: 'refused'; code: SubscriptionRefusal };

/** One charge of the period: its unique key with the subscription's id (charge-ids.ts). */
export interface ChargeAttempt {
  period: number;
  attempt: number;
}

export type DueAction =
  | { kind: 'none' }
  | { kind: 'charge'; charge: ChargeAttempt }
  /** `cancelAtPeriodEnd` and the period is over: CANCELED (endAtPeriodEnd) instead of a charge. */
  | { kind: 'end' };

const moved = (state: SubscriptionState): Transition => ({ kind: 'moved', state });
const refused = (code: SubscriptionRefusal): Transition => ({ kind: 'refused', code });

export function isEnded(state: Pick<SubscriptionState, 'status'>): boolean {
  return !CHARGEABLE_STATUSES.includes(state.status);
}

/** The end of what was paid for (or of the trial, or the start when nothing is): where `period` starts. */
export function coveredUntil(
  state: Pick<SubscriptionState, 'anchor' | 'interval' | 'period'>,
): Date {
  return periodStart(state.anchor, state.interval, state.period);
}

/**
 * Due: a chargeable status and `nextChargeAt <= now`. The scheduler's claim query says the same in
 * SQL (status IN CHARGEABLE_STATUSES AND next_charge_at <= now); a card needed leaves it null.
 */
export function isDue(state: SubscriptionState, now: Date): boolean {
  return (
    !isEnded(state) && state.nextChargeAt !== null && state.nextChargeAt.getTime() <= now.getTime()
  );
}

/** What the scheduler does with a subscription now. */
export function dueAction(state: SubscriptionState, now: Date): DueAction {
  if (!isDue(state, now)) return { kind: 'none' };
  if (state.cancelAtPeriodEnd) return { kind: 'end' };
  if (state.needsNewCard) return { kind: 'none' };
  return { kind: 'charge', charge: { period: state.period, attempt: state.attempt + 1 } };
}

/** A new subscription: the first charge is due at once, or when the trial ends. */
export function startSubscription(plan: {
  interval: PlanInterval;
  trialDays: number;
  now: Date;
}): Transition {
  if (intervalProblem(plan.interval) || trialDaysProblem(plan.trialDays)) {
    return refused('INVALID_PLAN');
  }
  const anchor = firstChargeAt(plan.now, plan.trialDays);
  return moved({
    status: plan.trialDays > 0 ? 'TRIALING' : 'ACTIVE',
    anchor,
    interval: { ...plan.interval },
    period: 1,
    attempt: 0,
    nextChargeAt: anchor,
    cancelAtPeriodEnd: false,
    needsNewCard: false,
    retry: null,
    lastFailureCode: null,
    canceledAt: null,
    endedAt: null,
  });
}

/**
 * Toss said DONE for the charge under way: the period is paid, the next one is due when it starts.
 * A charge whose key is gone meanwhile (BILLING_DELETED) still pays its period; the next needs a card.
 */
export function chargeSucceeded(
  state: SubscriptionState,
  charge: ChargeAttempt,
  _now: Date,
): Transition {
  const wrong = checkCharge(state, charge);
  if (wrong) return refused(wrong);
  const paid = { ...state, period: state.period + 1, attempt: 0 };
  return moved({
    ...paid,
    status: state.needsNewCard ? 'PAST_DUE' : 'ACTIVE',
    nextChargeAt: scheduled(paid),
    retry: null,
    lastFailureCode: null,
  });
}

/**
 * A soft decline: PAST_DUE until the next retry of the schedule, UNPAID when none is left. A
 * decline after a new card starts the schedule again: the new card gets the full grace.
 */
export function softDeclined(
  state: SubscriptionState,
  charge: ChargeAttempt,
  code: string,
  now: Date,
  retryDays: readonly number[],
): Transition {
  const wrong = checkCharge(state, charge);
  if (wrong) return refused(wrong);
  // The key is gone (BILLING_DELETED while the charge ran): retrying it is pointless.
  if (state.needsNewCard) return hardDeclined(state, charge, code, now);
  const retry: SoftRetry = state.retry
    ? { ...state.retry, retriesDone: state.retry.retriesDone + 1 }
    : { firstDeclinedAt: now, retriesDone: 0 };
  const next = nextRetryAt(retryDays, retry.firstDeclinedAt, retry.retriesDone);
  const declined = { ...state, attempt: charge.attempt, retry, lastFailureCode: code };
  if (next === 'exhausted') {
    return moved({ ...declined, status: 'UNPAID', nextChargeAt: null, endedAt: now });
  }
  return moved({ ...declined, status: 'PAST_DUE', nextChargeAt: next });
}

/** A hard decline: PAST_DUE at once, no retry until the customer gives a new card. */
export function hardDeclined(
  state: SubscriptionState,
  charge: ChargeAttempt,
  code: string,
  _now: Date,
): Transition {
  const wrong = checkCharge(state, charge);
  if (wrong) return refused(wrong);
  const needing = { ...state, needsNewCard: true };
  return moved({
    ...needing,
    status: 'PAST_DUE',
    attempt: charge.attempt,
    nextChargeAt: scheduled(needing),
    retry: null,
    lastFailureCode: code,
  });
}

/**
 * The shop's keys or contract: the status stays and no retry of the customer's is used; a new
 * attempt goes an hour later (the same orderId and key might only replay the refusal).
 */
export function merchantRefused(
  state: SubscriptionState,
  charge: ChargeAttempt,
  now: Date,
): Transition {
  const wrong = checkCharge(state, charge);
  if (wrong) return refused(wrong);
  return moved({
    ...state,
    attempt: charge.attempt,
    // Its key went meanwhile (BILLING_DELETED): wait for a card, do not wake the scheduler hourly.
    nextChargeAt: state.needsNewCard ? scheduled(state) : merchantRetryAt(now),
  });
}

/** A failed charge as decline-rules.ts classified it; an unknown outcome moves nothing. */
export function chargeFailed(
  state: SubscriptionState,
  charge: ChargeAttempt,
  failure: ChargeFailure,
  now: Date,
  retryDays: readonly number[],
): Transition {
  switch (failure.kind) {
    case 'HARD':
      return hardDeclined(state, charge, failure.code, now);
    case 'SOFT':
      return softDeclined(state, charge, failure.code, now, retryDays);
    case 'MERCHANT':
      return merchantRefused(state, charge, now);
    case 'UNKNOWN':
      return refused('OUTCOME_UNKNOWN');
  }
}

/**
 * The customer gave a card. PAST_DUE with its period due: charged at once, with a fresh retry
 * schedule. PAST_DUE only because the key went (its period still paid or in trial): back to ACTIVE
 * (TRIALING) and charged when the period ends, not early. TRIALING or ACTIVE: a card swap only.
 */
export function newCard(state: SubscriptionState, now: Date): Transition {
  if (isEnded(state)) return refused('SUBSCRIPTION_ENDED');
  if (state.status !== 'PAST_DUE' && !state.needsNewCard) return moved(state);
  const due = coveredUntil(state);
  const carded = { ...state, needsNewCard: false, retry: null };
  if (due.getTime() > now.getTime()) {
    return moved({
      ...carded,
      status: state.period === 1 ? 'TRIALING' : 'ACTIVE',
      nextChargeAt: due,
    });
  }
  return moved({ ...carded, status: 'PAST_DUE', nextChargeAt: now });
}

/** Canceled now: nothing more is charged; what was paid is not refunded here. */
export function cancelNow(state: SubscriptionState, now: Date): Transition {
  if (isEnded(state)) return refused('SUBSCRIPTION_ENDED');
  return moved({
    ...state,
    status: 'CANCELED',
    cancelAtPeriodEnd: false,
    nextChargeAt: null,
    retry: null,
    canceledAt: now,
    endedAt: now,
  });
}

/**
 * Canceled when what was paid (or the trial) runs out, instead of the next charge. Asked again:
 * no change. With nothing paid left to run (PAST_DUE on its due period), it ends now.
 */
export function cancelAtPeriodEnd(state: SubscriptionState, now: Date): Transition {
  if (isEnded(state)) return refused('SUBSCRIPTION_ENDED');
  if (state.cancelAtPeriodEnd) return moved(state);
  const end = coveredUntil(state);
  if (end.getTime() <= now.getTime()) return cancelNow(state, now);
  return moved({ ...state, cancelAtPeriodEnd: true, canceledAt: now, nextChargeAt: end });
}

/** The customer keeps the subscription after all, before the period ends. */
export function resume(state: SubscriptionState, now: Date): Transition {
  if (isEnded(state)) return refused('SUBSCRIPTION_ENDED');
  if (!state.cancelAtPeriodEnd) return refused('NOT_SET_TO_CANCEL');
  if (coveredUntil(state).getTime() <= now.getTime()) return refused('PERIOD_ENDED');
  const resumed = { ...state, cancelAtPeriodEnd: false, canceledAt: null };
  return moved({ ...resumed, nextChargeAt: scheduled(resumed) });
}

/** The period ran out with `cancelAtPeriodEnd`: CANCELED as of the period's end, not charged. */
export function endAtPeriodEnd(state: SubscriptionState, now: Date): Transition {
  if (isEnded(state)) return refused('SUBSCRIPTION_ENDED');
  if (!state.cancelAtPeriodEnd) return refused('NOT_SET_TO_CANCEL');
  const end = coveredUntil(state);
  if (end.getTime() > now.getTime()) return refused('NOT_DUE');
  return moved({
    ...state,
    status: 'CANCELED',
    nextChargeAt: null,
    retry: null,
    endedAt: end,
  });
}

/**
 * Toss's BILLING_DELETED for this subscription's card: PAST_DUE needing a new card, whatever was
 * planned. A subscription set to cancel still ends at its period's end. Ended ones stay as they
 * are (a webhook is absorbed, never refused), and a repeat changes nothing.
 */
export function billingKeyDeleted(state: SubscriptionState, _now: Date): Transition {
  if (isEnded(state)) return moved(state);
  const needing = { ...state, needsNewCard: true };
  return moved({ ...needing, status: 'PAST_DUE', retry: null, nextChargeAt: scheduled(needing) });
}

/** The next charge when nothing went wrong: where `period` starts; none while a card is needed. */
function scheduled(state: SubscriptionState): Date | null {
  if (state.needsNewCard && !state.cancelAtPeriodEnd) return null;
  return coveredUntil(state);
}

/** An outcome applies only to the charge under way, of a subscription still running. */
function checkCharge(
  state: SubscriptionState,
  charge: ChargeAttempt,
): SubscriptionRefusal | undefined {
  if (isEnded(state)) return 'SUBSCRIPTION_ENDED';
  if (charge.period !== state.period || charge.attempt !== state.attempt + 1) return 'STALE_CHARGE';
  return undefined;
}
