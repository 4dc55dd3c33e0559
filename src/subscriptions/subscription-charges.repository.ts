import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable } from '@nestjs/common';
import { claimUnsettledIds } from '../database/claim';
import { SubscriptionCharge } from './subscription-charge.entity';

export type NewCharge = Pick<
  SubscriptionCharge,
  | 'subscriptionId'
  | 'period'
  | 'attempt'
  | 'orderId'
  | 'idempotencyKey'
  | 'amount'
  | 'taxFreeAmount'
  | 'cardId'
>;

/** The subscription_charges table's one owner. */
@Injectable()
export class SubscriptionChargesRepository {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  private get repo() {
    return this.txHost.tx.getRepository(SubscriptionCharge);
  }

  findAttempt(subscriptionId: string, period: number, attempt: number) {
    return this.repo.findOne({ where: { subscriptionId, period, attempt } });
  }

  /** The charge row, written (IN_PROGRESS) before Toss is called. */
  insert(charge: NewCharge): Promise<SubscriptionCharge> {
    return this.repo.save(this.repo.create({ ...charge, status: 'IN_PROGRESS', checkCount: 0 }));
  }

  findById(id: string): Promise<SubscriptionCharge | null> {
    return this.repo.findOne({ where: { id } });
  }

  /** Locked until the surrounding transaction ends; taken after the subscription's lock. */
  findByIdForUpdate(id: string): Promise<SubscriptionCharge | null> {
    return this.repo.findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  save(charge: SubscriptionCharge): Promise<SubscriptionCharge> {
    return this.repo.save(charge);
  }

  listFor(subscriptionId: string): Promise<SubscriptionCharge[]> {
    return this.repo.find({
      where: { subscriptionId },
      order: { period: 'ASC', attempt: 'ASC' },
    });
  }

  /** Claims IN_PROGRESS charges untouched since `before` for a look-up (see claimDue). */
  claimUnseen(before: Date, limit: number): Promise<string[]> {
    return claimUnsettledIds(
      this.repo,
      { table: 'subscription_charges', status: 'IN_PROGRESS', before, maxBackoffSeconds: 300 },
      limit,
    );
  }
}
