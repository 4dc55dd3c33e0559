import { InjectTransactionHost, TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Inject, Injectable } from '@nestjs/common';
import { SANDBOX_OPTIONS, SandboxOptions, webhooksFor } from './sandbox-options';
import { In, LessThan } from 'typeorm';
import { ORDER_ID_TAKEN } from './payment-rules';
import { SandboxCashReceipt } from './sandbox-cash-receipt.entity';
import { SandboxPayment } from './sandbox-payment.entity';
import { CLOCK_OFFSET_SQL } from './sandbox-support.repository';
import {
  RefundAccount,
  SandboxTransaction,
  SandboxTransactionKind,
} from './sandbox-transaction.entity';
import { NewDelivery } from './sandbox-webhooks.repository';
import type {
  MethodDetails,
  SandboxMethod,
  TossPaymentStatus,
  TossPaymentType,
} from './toss-payment.types';
import { SANDBOX_CONNECTION } from './database/sandbox-data-source';

/** A sandbox_payments row as to_jsonb() gives it (raw SQL that reads it with other things). */
export interface PaymentJson {
  payment_key: string;
  order_id: string;
  order_name: string;
  method: SandboxMethod;
  status: TossPaymentStatus;
  type: TossPaymentType;
  billing_key: string | null;
  total_amount: number | string;
  balance_amount: number | string;
  customer_name: string | null;
  requested_at: string;
  authenticated_at: string | null;
  approved_at: string | null;
  last_transaction_key: string | null;
  secret: string | null;
  failure_code: string | null;
  failure_message: string | null;
  decline_code: string | null;
  details: MethodDetails;
  created_at: string;
  updated_at: string;
}

export interface TransactionJson {
  id: number | string;
  transaction_key: string;
  payment_key: string;
  order_id: string;
  kind: SandboxTransactionKind;
  amount: number | string;
  cancel_reason: string | null;
  refundable_amount: number | string | null;
  refund_account: RefundAccount | null;
  tax_free_amount: number | string;
  receipt_key: string | null;
  transaction_at: string;
}

const dateOrNull = (value: string | null) => (value === null ? null : new Date(value));

export function paymentFromJson(row: PaymentJson): SandboxPayment {
  return Object.assign(new SandboxPayment(), {
    paymentKey: row.payment_key,
    orderId: row.order_id,
    orderName: row.order_name,
    method: row.method,
    status: row.status,
    type: row.type,
    billingKey: row.billing_key,
    totalAmount: Number(row.total_amount),
    balanceAmount: Number(row.balance_amount),
    customerName: row.customer_name,
    requestedAt: new Date(row.requested_at),
    authenticatedAt: dateOrNull(row.authenticated_at),
    approvedAt: dateOrNull(row.approved_at),
    lastTransactionKey: row.last_transaction_key,
    secret: row.secret,
    failureCode: row.failure_code,
    failureMessage: row.failure_message,
    declineCode: row.decline_code,
    details: row.details,
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
  } satisfies Partial<SandboxPayment>);
}

export function transactionFromJson(row: TransactionJson): SandboxTransaction {
  return Object.assign(new SandboxTransaction(), {
    id: String(row.id),
    transactionKey: row.transaction_key,
    paymentKey: row.payment_key,
    orderId: row.order_id,
    kind: row.kind,
    amount: Number(row.amount),
    cancelReason: row.cancel_reason,
    refundableAmount: row.refundable_amount === null ? null : Number(row.refundable_amount),
    refundAccount: row.refund_account,
    taxFreeAmount: Number(row.tax_free_amount ?? 0),
    receiptKey: row.receipt_key ?? null,
    transactionAt: new Date(row.transaction_at),
  } satisfies Partial<SandboxTransaction>);
}

/** A payment leaving IN_PROGRESS (approved, issued, aborted or expired) and what goes with it. */
export interface SessionClose {
  /** The payment in its new state. */
  payment: SandboxPayment;
  transaction: SandboxTransaction | null;
  deliveries: NewDelivery[];
  /** A cash receipt issued with the approval (a transfer that asked for one). */
  receipt?: SandboxCashReceipt | null;
  /** Kept as the answer of this Idempotency-Key scope by the same statement. */
  answer?: { scopeHash: string; status: number; body: unknown };
}

@Injectable()
export class SandboxPaymentsRepository {
  constructor(
    @InjectTransactionHost(SANDBOX_CONNECTION)
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    @Inject(SANDBOX_OPTIONS) private readonly options: SandboxOptions,
  ) {}

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

  /**
   * Writes a payment leaving IN_PROGRESS with its transaction, its webhooks and the call's answer,
   * in one statement and only if it is still IN_PROGRESS: of concurrent requests exactly one gets
   * `true` (the UPDATE re-checks the status once the other commits). An IN_PROGRESS payment changes
   * in no other way, so what the caller read without a lock is still what it is.
   */
  async updateIfInProgress(close: SessionClose): Promise<boolean> {
    const { payment: p, transaction: tx, answer, receipt: r } = close;
    const [row] = await this.txHost.tx.query<{ closed: number }[]>(
      `WITH closed AS (
         UPDATE sandbox_payments
            SET status = $2, approved_at = $3, last_transaction_key = $4, secret = $5,
                failure_code = $6, failure_message = $7, details = $8::jsonb, updated_at = now()
          WHERE payment_key = $1 AND status = 'IN_PROGRESS'
         RETURNING payment_key, order_id),
       recorded AS (
         INSERT INTO sandbox_transactions
                (transaction_key, payment_key, order_id, kind, amount, transaction_at)
         SELECT $9::varchar, c.payment_key, c.order_id, $10::varchar, $11::bigint, $12::timestamptz
           FROM closed c WHERE $9::varchar IS NOT NULL),
       queued AS (
         INSERT INTO sandbox_webhook_deliveries
                (event_type, order_id, payment_key, payload, status, next_attempt_at)
         SELECT d.value ->> 'eventType', d.value ->> 'orderId', d.value ->> 'paymentKey',
                d.value -> 'payload', 'PENDING', now()
           FROM closed, jsonb_array_elements($13::jsonb) WITH ORDINALITY AS d(value, n)
          ORDER BY d.n),
       answered AS (
         UPDATE sandbox_idempotency_keys
            SET state = 'DONE', response_status = $15::int, response_body = $16::jsonb,
                completed_at = now()
          WHERE scope_hash = $14::bpchar AND EXISTS (SELECT 1 FROM closed)),
       receipted AS (
         INSERT INTO sandbox_cash_receipts
                (receipt_key, transaction_type, payment_key, order_id, order_name, type, amount,
                 tax_free_amount, issue_number, approval_number, customer_identity_number,
                 requested_at, approved_at)
         SELECT r.receipt_key, 'CONFIRM', c.payment_key, c.order_id, r.order_name, r.type,
                r.amount, r.tax_free_amount, r.issue_number, r.approval_number,
                r.customer_identity_number, r.requested_at, r.requested_at
           FROM closed c,
                jsonb_to_record($17::jsonb) AS r(receipt_key varchar, order_name varchar,
                  type varchar, amount bigint, tax_free_amount bigint, issue_number varchar,
                  approval_number varchar, customer_identity_number varchar,
                  requested_at timestamptz)
          WHERE $17::jsonb IS NOT NULL)
       SELECT count(*)::int AS closed FROM closed`,
      [
        p.paymentKey,
        p.status,
        p.approvedAt,
        p.lastTransactionKey,
        p.secret,
        p.failureCode,
        p.failureMessage,
        JSON.stringify(p.details),
        tx?.transactionKey ?? null,
        tx?.kind ?? null,
        tx?.amount ?? null,
        tx?.transactionAt ?? null,
        JSON.stringify(webhooksFor(this.options, close.deliveries)),
        answer?.scopeHash ?? null,
        answer?.status ?? null,
        answer === undefined ? null : JSON.stringify(answer.body),
        r
          ? JSON.stringify({
              receipt_key: r.receiptKey,
              order_name: r.orderName,
              type: r.type,
              amount: r.amount,
              tax_free_amount: r.taxFreeAmount,
              issue_number: r.issueNumber,
              approval_number: r.approvalNumber,
              customer_identity_number: r.customerIdentityNumber,
              requested_at: r.requestedAt.toISOString(),
            })
          : null,
      ],
    );
    return row.closed > 0;
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

  /** Payments charged with these billing keys, oldest first. */
  findAllForBillingKeys(billingKeys: string[]): Promise<SandboxPayment[]> {
    if (billingKeys.length === 0) return Promise.resolve([]);
    return this.payments.find({
      where: { billingKey: In(billingKeys) },
      order: { createdAt: 'ASC' },
    });
  }

  /**
   * Whether a new payment may take this orderId (one already approved, waiting for a deposit or
   * cancelled under it makes it DUPLICATED_ORDER_ID), holding a transaction-long lock on the orderId
   * across instances: whoever checks and then inserts under it cannot interleave with another doing
   * the same, where under READ COMMITTED both would find it free. Inside a transaction only.
   */
  async claimOrderId(orderId: string): Promise<boolean> {
    await this.txHost.tx.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [
      `toss-sandbox:order:${orderId}`,
    ]);
    return !(await this.payments.exists({ where: { orderId, status: In([...ORDER_ID_TAKEN]) } }));
  }

  /** When the oldest IN_PROGRESS payment was authenticated (null: none), with the clock offset. */
  async oldestInProgress(): Promise<{ authenticatedAt: Date | null; clockOffsetMs: number }> {
    const [row] = await this.txHost.tx.query<
      { authenticated_at: Date | null; clock_offset_ms: number }[]
    >(
      `SELECT (SELECT min(authenticated_at) FROM sandbox_payments WHERE status = 'IN_PROGRESS')
                AS authenticated_at,
              ${CLOCK_OFFSET_SQL} AS clock_offset_ms`,
    );
    return { authenticatedAt: row.authenticated_at, clockOffsetMs: row.clock_offset_ms };
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
