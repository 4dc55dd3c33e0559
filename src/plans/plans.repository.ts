import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable } from '@nestjs/common';
import { Plan } from './plan.entity';

/** The plans table's one owner. */
@Injectable()
export class PlansRepository {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  private get repo() {
    return this.txHost.tx.getRepository(Plan);
  }

  insert(plan: Omit<Plan, 'id' | 'createdAt' | 'updatedAt'>): Promise<Plan> {
    return this.repo.save(this.repo.create(plan));
  }

  save(plan: Plan): Promise<Plan> {
    return this.repo.save(plan);
  }

  findById(id: string): Promise<Plan | null> {
    return this.repo.findOne({ where: { id } });
  }

  /** Locked until the surrounding transaction ends (an update reads the row it checks). */
  findByIdForUpdate(id: string): Promise<Plan | null> {
    return this.repo.findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  findActivePage(skip: number, take: number): Promise<[Plan[], number]> {
    return this.repo.findAndCount({
      where: { active: true },
      order: { createdAt: 'ASC', id: 'ASC' },
      skip,
      take,
    });
  }
}
