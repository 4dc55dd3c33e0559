import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { claimDue } from '../database/claim';
import { sql } from '../database/sql';
import { Refund, RefundStatus } from './refund.entity';

@Injectable()
export class RefundsRepository {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  private get repo() {
    return this.txHost.tx.getRepository(Refund);
  }

  findById(id: string): Promise<Refund | null> {
    return this.repo.findOneBy({ id });
  }

  findByClientKey(paymentKey: string, clientKey: string): Promise<Refund | null> {
    return this.repo.findOneBy({ paymentKey, clientKey });
  }

  forPayment(paymentKey: string): Promise<Refund[]> {
    return this.repo.find({ where: { paymentKey }, order: { createdAt: 'ASC' } });
  }

  /** The refunds of these payments, for the books report. */
  forPayments(paymentKeys: string[]): Promise<Refund[]> {
    return paymentKeys.length === 0
      ? Promise.resolve([])
      : this.repo.find({ where: { paymentKey: In(paymentKeys) }, order: { createdAt: 'ASC' } });
  }

  /** Money promised but not yet confirmed by Toss: it is not refundable again meanwhile. */
  async pendingAmount(paymentKey: string): Promise<number> {
    const row = await this.repo
      .createQueryBuilder('r')
      .select('COALESCE(SUM(r.amount), 0)', 'sum')
      .where('r.payment_key = :paymentKey AND r.status = :status', {
        paymentKey,
        status: 'REQUESTED' satisfies RefundStatus,
      })
      .getRawOne<{ sum: string }>();
    return Number(row?.sum ?? 0);
  }

  insert(refund: Partial<Refund>): Promise<Refund> {
    return this.repo.save(this.repo.create(refund));
  }

  save(refund: Refund): Promise<Refund> {
    return this.repo.save(refund);
  }

  /** REQUESTED refunds untouched since `before`, claimed for a retry (see claimDue). */
  async claimUnsettled(before: Date, limit: number): Promise<string[]> {
    const rows = await claimDue<{ id: string }>(
      this.repo,
      {
        table: 'refunds',
        key: 'id',
        where: sql`status = 'REQUESTED' AND updated_at < ${before}`,
        orderBy: 'updated_at',
        countColumn: 'check_count',
        nextColumn: 'next_check_at',
        backoff: { baseSeconds: 5, maxSeconds: 300 },
        returning: 't.id',
      },
      limit,
    );
    return rows.map((row) => row.id);
  }
}
