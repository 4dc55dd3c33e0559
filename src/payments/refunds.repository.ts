import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { claimUnsettledIds } from '../database/claim';
import { run, sql } from '../database/sql';
import type { TaxClass } from '../products/tax-class';
import { Refund, RefundStatus } from './refund.entity';
import type { InFlight, OrderLine } from './refund-rules';

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

  /** Money promised but not yet confirmed by Toss, and its tax-free part: not refundable again meanwhile. */
  async inFlight(paymentKey: string): Promise<InFlight> {
    const row = await this.repo
      .createQueryBuilder('r')
      .select('COALESCE(SUM(r.amount), 0)', 'amount')
      .addSelect('COALESCE(SUM(r.tax_free_amount), 0)', 'taxFree')
      .where('r.payment_key = :paymentKey AND r.status = :status', {
        paymentKey,
        status: 'REQUESTED' satisfies RefundStatus,
      })
      .getRawOne<{ amount: string; taxFree: string }>();
    return { amount: Number(row?.amount ?? 0), taxFreeAmount: Number(row?.taxFree ?? 0) };
  }

  /**
   * The order's lines as sold (order_items is the orders module's table; refunds only read the
   * snapshot of price, quantity and tax class they are priced from).
   */
  async orderLines(orderId: string): Promise<OrderLine[]> {
    const rows: { position: number; unit_price: number; quantity: number; tax_class: TaxClass }[] =
      await run(
        this.txHost.tx,
        sql`SELECT position, unit_price, quantity, tax_class FROM order_items
             WHERE order_id = ${orderId} ORDER BY position`,
      );
    return rows.map((row) => ({
      position: row.position,
      unitPrice: row.unit_price,
      quantity: row.quantity,
      taxClass: row.tax_class,
    }));
  }

  /** How many of each line (by position) the order's refunds by lines took, done or in flight. */
  async refundedQuantities(orderId: string): Promise<Map<number, number>> {
    const rows: { position: number; quantity: string }[] = await run(
      this.txHost.tx,
      sql`SELECT (line->>'position')::int AS position, SUM((line->>'quantity')::int) AS quantity
            FROM refunds r CROSS JOIN LATERAL jsonb_array_elements(r.lines) AS line
           WHERE r.order_id = ${orderId} AND r.lines IS NOT NULL
             AND r.status IN ('DONE', 'REQUESTED')
           GROUP BY 1`,
    );
    return new Map(rows.map((row) => [row.position, Number(row.quantity)]));
  }

  insert(refund: Partial<Refund>): Promise<Refund> {
    return this.repo.save(this.repo.create(refund));
  }

  save(refund: Refund): Promise<Refund> {
    return this.repo.save(refund);
  }

  /** REQUESTED refunds untouched since `before`, claimed for a retry (see claimDue). */
  claimUnsettled(before: Date, limit: number): Promise<string[]> {
    return claimUnsettledIds(
      this.repo,
      { table: 'refunds', status: 'REQUESTED', before, maxBackoffSeconds: 300 },
      limit,
    );
  }
}
