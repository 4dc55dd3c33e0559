import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable } from '@nestjs/common';
import { run, sql } from '../database/sql';
import { CHARGEABLE_STATUSES, SubscriptionState } from './subscription-state';
import { Subscription } from './subscription.entity';

export type NewSubscription = Omit<
  Subscription,
  'id' | 'createdAt' | 'updatedAt' | 'user' | 'plan'
>;

/** The row's SubscriptionState, for the rules. */
export function stateOf(row: Subscription): SubscriptionState {
  return {
    status: row.status,
    anchor: row.anchor,
    interval: { unit: row.intervalUnit, count: row.intervalCount },
    period: row.period,
    attempt: row.attempt,
    nextChargeAt: row.nextChargeAt,
    cancelAtPeriodEnd: row.cancelAtPeriodEnd,
    needsNewCard: row.needsNewCard,
    retry:
      row.retryFirstDeclinedAt === null
        ? null
        : { firstDeclinedAt: row.retryFirstDeclinedAt, retriesDone: row.retriesDone ?? 0 },
    lastFailureCode: row.lastFailureCode,
    canceledAt: row.canceledAt,
    endedAt: row.endedAt,
  };
}

/** The row with a state the rules returned (the interval and anchor never change). */
export function withState(row: Subscription, state: SubscriptionState): Subscription {
  return {
    ...row,
    status: state.status,
    period: state.period,
    attempt: state.attempt,
    nextChargeAt: state.nextChargeAt,
    cancelAtPeriodEnd: state.cancelAtPeriodEnd,
    needsNewCard: state.needsNewCard,
    retryFirstDeclinedAt: state.retry?.firstDeclinedAt ?? null,
    retriesDone: state.retry?.retriesDone ?? null,
    lastFailureCode: state.lastFailureCode?.slice(0, 64) ?? null,
    canceledAt: state.canceledAt,
    endedAt: state.endedAt,
  };
}

/** The subscriptions table's one owner. Every state change is written under the row lock. */
@Injectable()
export class SubscriptionsRepository {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  private get repo() {
    return this.txHost.tx.getRepository(Subscription);
  }

  insert(row: NewSubscription): Promise<Subscription> {
    return this.repo.save(this.repo.create(row));
  }

  /** Locked until the surrounding transaction ends; callers must be @Transactional. */
  findByIdForUpdate(id: string): Promise<Subscription | null> {
    return this.repo.findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  findById(id: string): Promise<Subscription | null> {
    return this.repo.findOne({ where: { id } });
  }

  listOwn(userId: string): Promise<Subscription[]> {
    return this.repo.find({ where: { userId }, order: { createdAt: 'DESC', id: 'ASC' } });
  }

  /** Running subscriptions charging this card (BILLING_DELETED, a deleted card). */
  async runningOnCard(cardId: string): Promise<string[]> {
    const rows = await run<{ id: string }[]>(
      this.repo,
      sql`SELECT id FROM subscriptions
           WHERE card_id = ${cardId}::uuid AND status = ANY(${[...CHARGEABLE_STATUSES]}::varchar[])`,
    );
    return rows.map((row) => row.id);
  }

  save(row: Subscription): Promise<Subscription> {
    return this.repo.save(row);
  }

  /**
   * Claims up to `limit` subscriptions due at `now` for this instance, in one statement: FOR UPDATE
   * SKIP LOCKED, so instances take disjoint rows without waiting, and a lease (claimed_until, on
   * the database's clock) so no other instance takes one while this one charges it; a crashed
   * instance's lease runs out and the row is taken again.
   */
  async claimDue(now: Date, leaseSeconds: number, limit: number): Promise<string[]> {
    const [rows] = await run<[{ id: string }[], number]>(
      this.repo,
      sql`UPDATE subscriptions t SET claimed_until = now() + make_interval(secs => ${leaseSeconds}::double precision)
           WHERE t.id IN (
             SELECT id FROM subscriptions
              WHERE status = ANY(${[...CHARGEABLE_STATUSES]}::varchar[])
                AND next_charge_at IS NOT NULL AND next_charge_at <= ${now}
                AND (claimed_until IS NULL OR claimed_until <= now())
              ORDER BY next_charge_at
              LIMIT ${limit}
              FOR UPDATE SKIP LOCKED)
       RETURNING t.id`,
    );
    return rows.map((row) => row.id);
  }

  /** This instance is done with the row: another may claim it when it is due again. */
  async release(id: string): Promise<void> {
    await run(this.repo, sql`UPDATE subscriptions SET claimed_until = NULL WHERE id = ${id}::uuid`);
  }
}
