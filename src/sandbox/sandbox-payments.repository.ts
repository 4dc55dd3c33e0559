import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable } from '@nestjs/common';
import { In, LessThan } from 'typeorm';
import { ORDER_ID_TAKEN } from './payment-rules';
import { SandboxPayment } from './sandbox-payment.entity';
import { CLOCK_OFFSET_SQL } from './sandbox-support.repository';
import { SandboxTransaction, SandboxTransactionKind } from './sandbox-transaction.entity';

@Injectable()
export class SandboxPaymentsRepository {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  private get payments() {
    return this.txHost.tx.getRepository(SandboxPayment);
  }

  private get transactions() {
    return this.txHost.tx.getRepository(SandboxTransaction);
  }

  insert(payment: SandboxPayment): Promise<SandboxPayment> {
    return this.payments.save(payment);
  }

  /**
   * Inserts an authenticated payment unless its orderId is taken, in one statement that also reads
   * the clock: the payment's times were computed with `offsetMs`, so nothing is inserted when the
   * stored offset differs, and the caller computes again with the one returned.
   */
  async insertUnlessOrderIdTaken(
    payment: SandboxPayment,
    offsetMs: number,
  ): Promise<{ inserted: boolean; offsetMs: number }> {
    const p = payment;
    const [row] = await this.txHost.tx.query<{ offset_ms: number; inserted: boolean }[]>(
      `WITH clock AS (SELECT ${CLOCK_OFFSET_SQL} AS offset_ms),
       inserted AS (
         INSERT INTO sandbox_payments (payment_key, order_id, order_name, method, status,
           total_amount, balance_amount, customer_name, requested_at, authenticated_at, approved_at,
           last_transaction_key, secret, failure_code, failure_message, decline_code, details)
         SELECT $1::varchar, $2::varchar, $3::varchar, $4::varchar, $5::varchar, $6::bigint,
                $7::bigint, $8::varchar, $9::timestamptz, $10::timestamptz, $11::timestamptz,
                $12::varchar, $13::varchar, $14::varchar, $15::varchar, $16::varchar, $17::jsonb
           FROM clock
          WHERE clock.offset_ms = $18::float8
            AND NOT EXISTS (SELECT 1 FROM sandbox_payments t
                             WHERE t.order_id = $2::varchar AND t.status = ANY($19::varchar[]))
         RETURNING payment_key)
       SELECT clock.offset_ms, EXISTS (SELECT 1 FROM inserted) AS inserted FROM clock`,
      [
        p.paymentKey,
        p.orderId,
        p.orderName,
        p.method,
        p.status,
        p.totalAmount,
        p.balanceAmount,
        p.customerName,
        p.requestedAt,
        p.authenticatedAt,
        p.approvedAt,
        p.lastTransactionKey,
        p.secret,
        p.failureCode,
        p.failureMessage,
        p.declineCode,
        JSON.stringify(p.details),
        offsetMs,
        [...ORDER_ID_TAKEN],
      ],
    );
    return { inserted: row.inserted, offsetMs: row.offset_ms };
  }

  save(payment: SandboxPayment): Promise<SandboxPayment> {
    return this.payments.save(payment);
  }

  findByKey(paymentKey: string): Promise<SandboxPayment | null> {
    return this.payments.findOneBy({ paymentKey });
  }

  /** Row lock until the transaction ends: concurrent confirms/cancels of one payment run one after another, across instances. */
  findByKeyForUpdate(paymentKey: string): Promise<SandboxPayment | null> {
    return this.payments.findOne({ where: { paymentKey }, lock: { mode: 'pessimistic_write' } });
  }

  /** What GET /v1/payments/orders/{orderId} answers with: the latest payment of the order. */
  findLatestForOrder(orderId: string): Promise<SandboxPayment | null> {
    return this.payments.findOne({
      where: { orderId },
      order: { createdAt: 'DESC' },
    });
  }

  findLatestForOrderForUpdate(orderId: string): Promise<SandboxPayment | null> {
    return this.payments.findOne({
      where: { orderId },
      order: { createdAt: 'DESC' },
      lock: { mode: 'pessimistic_write' },
    });
  }

  findAllForOrder(orderId: string): Promise<SandboxPayment[]> {
    return this.payments.find({
      where: { orderId },
      order: { createdAt: 'ASC' },
    });
  }

  /** An orderId already approved or cancelled cannot be used again (DUPLICATED_ORDER_ID). */
  isOrderIdTaken(orderId: string): Promise<boolean> {
    return this.payments.exists({ where: { orderId, status: In([...ORDER_ID_TAKEN]) } });
  }

  /** IN_PROGRESS payments whose confirm window closed before `cutoff`; skips rows another instance holds. */
  lockOverdueInProgress(cutoff: Date, limit: number): Promise<SandboxPayment[]> {
    return this.payments.find({
      where: { status: 'IN_PROGRESS', authenticatedAt: LessThan(cutoff) },
      take: limit,
      lock: { mode: 'pessimistic_write', onLocked: 'skip_locked' },
    });
  }

  insertTransaction(transaction: SandboxTransaction): Promise<SandboxTransaction> {
    return this.transactions.save(transaction);
  }

  cancelsOf(paymentKey: string): Promise<SandboxTransaction[]> {
    return this.transactions.find({ where: { paymentKey, kind: 'CANCEL' }, order: { id: 'ASC' } });
  }

  cancelsOfMany(paymentKeys: string[]): Promise<SandboxTransaction[]> {
    if (paymentKeys.length === 0) return Promise.resolve([]);
    return this.transactions.find({
      where: { paymentKey: In(paymentKeys), kind: 'CANCEL' },
      order: { id: 'ASC' },
    });
  }

  async countTransactionsForOrder(
    orderId: string,
  ): Promise<Record<SandboxTransactionKind, number>> {
    const rows = await this.transactions
      .createQueryBuilder('t')
      .select('t.kind', 'kind')
      .addSelect('COUNT(*)::int', 'count')
      .where('t.order_id = :orderId', { orderId })
      .groupBy('t.kind')
      .getRawMany<{ kind: SandboxTransactionKind; count: number }>();
    const counts: Record<SandboxTransactionKind, number> = { CONFIRM: 0, DEPOSIT: 0, CANCEL: 0 };
    for (const row of rows) counts[row.kind] = row.count;
    return counts;
  }
}
