import { Transactional } from '@nestjs-cls/transactional';
import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import type { AuthUser } from '../auth/auth-user';
import { BillingKeysService, DeletedCard } from '../billing/billing-keys.service';
import { DomainError } from '../common/errors';
import { idNotFound } from '../common/id-param';
import { PlansService } from '../plans/plans.service';
import {
  billingKeyDeleted,
  cancelAtPeriodEnd,
  cancelNow,
  coveredUntil,
  isDue,
  newCard,
  resume,
  startSubscription,
  SubscriptionRefusal,
  SubscriptionState,
  Transition,
} from './subscription-state';
import { SubscriptionChargesRepository } from './subscription-charges.repository';
import type { SubscriptionCharge } from './subscription-charge.entity';
import { SubscriptionCharging } from './subscription-charging';
import { SubscriptionClock } from './subscription-clock';
import type { Subscription } from './subscription.entity';
import { stateOf, SubscriptionsRepository, withState } from './subscriptions.repository';
import type {
  SubscriptionChargeDto,
  SubscriptionListDto,
  SubscriptionResponseDto,
} from './dto/subscription.dto';

export function toChargeResponse(charge: SubscriptionCharge): SubscriptionChargeDto {
  return {
    period: charge.period,
    attempt: charge.attempt,
    orderId: charge.orderId,
    amount: charge.amount,
    status: charge.status,
    paymentKey: charge.paymentKey,
    failureCode: charge.failureCode,
    failureMessage: charge.failureMessage,
    approvedAt: charge.approvedAt,
    createdAt: charge.createdAt,
  };
}

export function toSubscriptionResponse(
  row: Subscription,
  charges?: SubscriptionCharge[],
): SubscriptionResponseDto {
  return {
    id: row.id,
    planId: row.planId,
    planName: row.planName,
    amount: row.amount,
    currency: 'KRW',
    intervalUnit: row.intervalUnit,
    intervalCount: row.intervalCount,
    trialDays: row.trialDays,
    status: row.status,
    cardId: row.cardId,
    period: row.period,
    paidUntil: coveredUntil(stateOf(row)),
    nextChargeAt: row.nextChargeAt,
    cancelAtPeriodEnd: row.cancelAtPeriodEnd,
    needsNewCard: row.needsNewCard,
    lastFailureCode: row.lastFailureCode,
    canceledAt: row.canceledAt,
    endedAt: row.endedAt,
    createdAt: row.createdAt,
    ...(charges && { charges: charges.map(toChargeResponse) }),
  };
}

const REFUSAL_TEXT: Partial<Record<SubscriptionRefusal, [ErrorCodeOf, string]>> = {
  SUBSCRIPTION_ENDED: ['SUBSCRIPTION_ENDED', 'This subscription has ended.'],
  NOT_SET_TO_CANCEL: ['NOT_SET_TO_CANCEL', 'This subscription is not set to cancel.'],
  PERIOD_ENDED: ['PERIOD_ENDED', 'The paid period has ended; subscribe again.'],
};
type ErrorCodeOf = 'SUBSCRIPTION_ENDED' | 'NOT_SET_TO_CANCEL' | 'PERIOD_ENDED';

function movedOrThrow(transition: Transition): SubscriptionState {
  if (transition.kind === 'moved') return transition.state;
  const known = REFUSAL_TEXT[transition.code];
  if (known) throw new DomainError(known[0], known[1]);
  throw new Error(`subscription move refused: ${transition.code}`);
}

/** The customer's side of subscriptions: subscribe, read, cancel, resume, change the card. */
@Injectable()
export class SubscriptionsService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(SubscriptionsService.name);
  private stopListening?: () => void;

  constructor(
    private readonly subscriptions: SubscriptionsRepository,
    private readonly charges: SubscriptionChargesRepository,
    private readonly charging: SubscriptionCharging,
    private readonly plans: PlansService,
    private readonly billing: BillingKeysService,
    private readonly clock: SubscriptionClock,
  ) {}

  onModuleInit(): void {
    this.stopListening = this.billing.onDeleted((card) => this.cardDeleted(card));
  }

  onModuleDestroy(): void {
    this.stopListening?.();
  }

  /** Subscribes with one of the customer's cards; the first charge runs now unless there is a trial. */
  async subscribe(
    user: AuthUser,
    planId: string,
    cardId: string,
  ): Promise<SubscriptionResponseDto> {
    const plan = await this.plans.activePlan(planId);
    await this.ownCard(user, cardId);
    const now = this.clock.now();
    const state = movedOrThrow(
      startSubscription({
        interval: { unit: plan.intervalUnit, count: plan.intervalCount },
        trialDays: plan.trialDays,
        now,
      }),
    );
    const row = await this.subscriptions.insert({
      ...withState(
        {
          userId: user.id,
          planId: plan.id,
          cardId,
          planName: plan.name,
          amount: plan.amount,
          taxClass: plan.taxClass,
          intervalUnit: plan.intervalUnit,
          intervalCount: plan.intervalCount,
          trialDays: plan.trialDays,
          anchor: state.anchor,
          // Held by this request while it charges, so the scheduler leaves it alone meanwhile.
          claimedUntil: new Date(now.getTime() + this.charging.leaseSeconds * 1000),
        } as Subscription,
        state,
      ),
    });
    await this.chargeIfDue(row.id, state, now);
    return this.view(row.id);
  }

  async list(user: AuthUser): Promise<SubscriptionListDto> {
    const rows = await this.subscriptions.listOwn(user.id);
    return { items: rows.map((row) => toSubscriptionResponse(row)) };
  }

  async get(user: AuthUser, id: string): Promise<SubscriptionResponseDto> {
    const row = await this.own(user, id);
    return toSubscriptionResponse(row, await this.charges.listFor(id));
  }

  async cancel(user: AuthUser, id: string, atPeriodEnd: boolean): Promise<SubscriptionResponseDto> {
    await this.move(user, id, (state, now) =>
      atPeriodEnd ? cancelAtPeriodEnd(state, now) : cancelNow(state, now),
    );
    return this.view(id);
  }

  async resume(user: AuthUser, id: string): Promise<SubscriptionResponseDto> {
    await this.move(user, id, (state, now) => resume(state, now));
    return this.view(id);
  }

  /** A new card; PAST_DUE on a due period, it is charged at once. */
  async changeCard(user: AuthUser, id: string, cardId: string): Promise<SubscriptionResponseDto> {
    await this.ownCard(user, cardId);
    const now = this.clock.now();
    const state = await this.move(user, id, (current) => newCard(current, now), cardId);
    if (isDue(state, now)) await this.charging.runDue(id, now);
    return this.view(id);
  }

  /** A card deleted (by its customer, or Toss's BILLING_DELETED): its subscriptions need a new one. */
  private async cardDeleted(card: DeletedCard): Promise<void> {
    for (const id of await this.subscriptions.runningOnCard(card.cardId)) {
      await this.keyGone(id, card.cardId);
    }
  }

  @Transactional()
  private async keyGone(id: string, cardId: string): Promise<void> {
    const row = await this.subscriptions.findByIdForUpdate(id);
    if (!row || row.cardId !== cardId) return;
    const moved = billingKeyDeleted(stateOf(row), this.clock.now());
    if (moved.kind === 'moved') await this.subscriptions.save(withState(row, moved.state));
    this.logger.log(`subscription ${id}: its card ${cardId} was deleted; a new card is needed`);
  }

  /** The first charge of a new subscription, then the request's claim is let go. */
  private async chargeIfDue(id: string, state: SubscriptionState, now: Date): Promise<void> {
    try {
      if (isDue(state, now)) await this.charging.runDue(id, now);
    } finally {
      await this.subscriptions.release(id);
    }
  }

  @Transactional()
  private async move(
    user: AuthUser,
    id: string,
    rule: (state: SubscriptionState, now: Date) => Transition,
    cardId?: string,
  ): Promise<SubscriptionState> {
    const row = await this.subscriptions.findByIdForUpdate(id);
    if (!row || row.userId !== user.id) throw idNotFound('subscription');
    const state = movedOrThrow(rule(stateOf(row), this.clock.now()));
    await this.subscriptions.save({ ...withState(row, state), ...(cardId && { cardId }) });
    return state;
  }

  private async own(user: AuthUser, id: string): Promise<Subscription> {
    const row = await this.subscriptions.findById(id);
    if (!row || row.userId !== user.id) throw idNotFound('subscription');
    return row;
  }

  private async ownCard(user: AuthUser, cardId: string): Promise<void> {
    const cards = await this.billing.list(user);
    if (!cards.some((card) => card.id === cardId)) {
      throw idNotFound('card');
    }
  }

  private async view(id: string): Promise<SubscriptionResponseDto> {
    const row = await this.subscriptions.findById(id);
    if (!row) throw idNotFound('subscription');
    return toSubscriptionResponse(row, await this.charges.listFor(id));
  }
}
