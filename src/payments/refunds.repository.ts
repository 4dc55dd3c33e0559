import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable } from '@nestjs/common';
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

  /** Money promised but not yet confirmed by Toss: it is not refundable again meanwhile. */
  async pendingAmount(paymentKey: string): Promise<number> {
    const row = await this.repo
      .createQueryBuilder('r')
      .select('COALESCE(SUM(r.amount), 0)', 'sum')
      .where('r.payment_key = :paymentKey AND r.status = :status', { paymentKey, status: 'REQUESTED' satisfies RefundStatus })
      .getRawOne<{ sum: string }>();
    return Number(row?.sum ?? 0);
  }

  insert(refund: Partial<Refund>): Promise<Refund> {
    return this.repo.save(this.repo.create(refund));
  }

  save(refund: Refund): Promise<Refund> {
    return this.repo.save(refund);
  }

  /** REQUESTED refunds untouched since `before`, claimed for a retry (SKIP LOCKED, with backoff). */
  async claimUnsettled(before: Date, limit: number): Promise<string[]> {
    const [rows]: [{ id: string }[], number] = await this.repo.query(
      `UPDATE refunds r
          SET next_check_at = now() + make_interval(secs => least(300, 5 * power(2, r.check_count))),
              check_count = r.check_count + 1
        WHERE r.id IN (
          SELECT id FROM refunds
           WHERE status = 'REQUESTED' AND updated_at < $1
             AND (next_check_at IS NULL OR next_check_at <= now())
           ORDER BY updated_at
           LIMIT $2
           FOR UPDATE SKIP LOCKED)
      RETURNING r.id`,
      [before, limit],
    );
    return rows.map((row) => row.id);
  }
}
