import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable } from '@nestjs/common';
import type { TossPayment } from '../toss/toss.types';
import type { AttemptVerdict } from './ledger-rules';
import { AttemptStatus, PaymentAttempt } from './payment-attempt.entity';
import { Payment } from './payment.entity';
import { columnArrays, unnestOf } from '../database/unnest';
import { TossCall, TossCallRow } from './toss-call.entity';
import type { Order } from '../orders/order.entity';
import { orderValues } from '../orders/orders.repository';

/** Our row of a Toss payment, as Toss describes it (not yet stored). */
export function paymentFromToss(payment: TossPayment): Payment {
  return Object.assign(new Payment(), {
    paymentKey: payment.paymentKey,
    orderId: payment.orderId,
    status: payment.status,
    method: payment.method ?? null,
    totalAmount: payment.totalAmount,
    balanceAmount: payment.balanceAmount,
    currency: typeof payment.currency === 'string' ? payment.currency : 'KRW',
    requestedAt: payment.requestedAt ? new Date(payment.requestedAt) : null,
    approvedAt: payment.approvedAt ? new Date(payment.approvedAt) : null,
    receiptUrl: payment.receipt?.url ?? null,
    lastTransactionKey: payment.lastTransactionKey ?? null,
    card: payment.card ?? null,
    virtualAccount: payment.virtualAccount ?? null,
    transfer: payment.transfer ?? null,
    mobilePhone: payment.mobilePhone ?? null,
    easyPay: payment.easyPay ?? null,
    cancels: payment.cancels ?? [],
    secret: payment.secret ?? null,
    raw: payment,
  });
}

const CALL_COLUMNS =
  'order_id, payment_key, operation, idempotency_key, http_status, code, outcome, duration_ms, caller';
const CALL_KEYS = [
  'orderId',
  'paymentKey',
  'operation',
  'idempotencyKey',
  'httpStatus',
  'code',
  'outcome',
  'durationMs',
  'caller',
] as const satisfies readonly (keyof TossCallRow)[];
/** Audit rows as nine array parameters from $first on (one statement for any number of rows). */
const CALL_ROWS = (first: number) =>
  unnestOf(first, [
    'varchar',
    'varchar',
    'varchar',
    'varchar',
    'smallint',
    'varchar',
    'varchar',
    'integer',
    'varchar',
  ]);
const callArrays = (calls: TossCallRow[]) => columnArrays(calls, CALL_KEYS);

/** A jsonb parameter: node-pg would send a JS array as a PostgreSQL array, so serialise it here. */
function json(value: unknown): string | null {
  return value === null || value === undefined ? null : JSON.stringify(value);
}

@Injectable()
export class PaymentsRepository {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  private get payments() {
    return this.txHost.tx.getRepository(Payment);
  }

  private get attempts() {
    return this.txHost.tx.getRepository(PaymentAttempt);
  }

  private get calls() {
    return this.txHost.tx.getRepository(TossCall);
  }

  findPayment(paymentKey: string): Promise<Payment | null> {
    return this.payments.findOneBy({ paymentKey });
  }

  /**
   * Stores what Toss answered about a payment (creating or refreshing our row) and, in the same
   * statement, the order's new state and the attempt's verdict: the ledger's whole write, one round
   * trip. The caller holds the order's row lock, or passes `expected`: then the order and attempt
   * are written only if the order row still has the expected status, paymentKey, paidAt and
   * canceledAt, and null comes back when it had not (then nothing but the audit rows is written).
   */
  async recordSettlement(
    payment: Payment,
    changes: {
      order?: Order;
      attempt?: AttemptVerdict;
      expected?: Order;
      calls?: TossCallRow[];
    },
  ): Promise<Payment | null> {
    const { order, attempt, expected, calls = [] } = changes;
    const rows: { secret: string | null; created_at: Date; updated_at: Date; moved: boolean }[] =
      // The order's row lock first, as every other path takes it (the locked path already holds it):
      // taking the payment's row before the order's deadlocked against a webhook applying the same payment.
      // With `expected`, nothing is written unless the order still is that copy: the payment row
      // too, since a path that moved the order may have stored a newer snapshot (the books only
      // move forward; the locked path compares snapshots before it writes).
      await this.payments.query(
        `WITH locked AS (
         SELECT 1 FROM orders WHERE order_id = $2
            AND (NOT $34 OR (status = $35 AND payment_key IS NOT DISTINCT FROM $36::varchar
                             AND paid_at IS NOT DISTINCT FROM $37::timestamptz AND canceled_at IS NOT DISTINCT FROM $38::timestamptz))
            FOR UPDATE),
       stored AS (
         INSERT INTO payments (payment_key, order_id, status, method, total_amount, balance_amount, currency, requested_at, approved_at,
                               receipt_url, last_transaction_key, card, virtual_account, transfer, mobile_phone, easy_pay, cancels, secret, raw)
         SELECT $1::varchar, $2::varchar, $3::varchar, $4::varchar, $5::bigint, $6::bigint, $7::varchar, $8::timestamptz, $9::timestamptz,
                $10::varchar, $11::varchar, $12::jsonb, $13::jsonb, $14::jsonb, $15::jsonb, $16::jsonb, $17::jsonb, $18::varchar, $19::jsonb
           FROM locked
         ON CONFLICT (payment_key) DO UPDATE SET
           order_id = EXCLUDED.order_id, status = EXCLUDED.status, method = EXCLUDED.method, total_amount = EXCLUDED.total_amount,
           balance_amount = EXCLUDED.balance_amount, currency = EXCLUDED.currency, requested_at = EXCLUDED.requested_at,
           approved_at = EXCLUDED.approved_at, receipt_url = EXCLUDED.receipt_url, last_transaction_key = EXCLUDED.last_transaction_key,
           card = EXCLUDED.card, virtual_account = EXCLUDED.virtual_account, transfer = EXCLUDED.transfer,
           mobile_phone = EXCLUDED.mobile_phone, easy_pay = EXCLUDED.easy_pay, cancels = EXCLUDED.cancels,
           -- Keep the secret we first saw; later reads may omit it.
           secret = COALESCE(EXCLUDED.secret, payments.secret), raw = EXCLUDED.raw, updated_at = now()
         RETURNING secret, created_at, updated_at),
       moved AS (
         UPDATE orders SET status = $21, payment_key = $22, paid_at = $23, canceled_at = $24, next_check_at = $25, check_count = $26,
                last_failure_code = $27, last_failure_message = $28, updated_at = now()
          WHERE $29 AND order_id = $20 AND EXISTS (SELECT 1 FROM locked)
          RETURNING 1),
       verdict AS (
         UPDATE payment_attempts SET status = $31, failure_code = $32, failure_message = $33, updated_at = now()
          WHERE $30::varchar IS NOT NULL AND idempotency_key = $30 AND EXISTS (SELECT 1 FROM moved)),
       audited AS (INSERT INTO toss_calls (${CALL_COLUMNS}) SELECT * FROM ${CALL_ROWS(39)})
       SELECT secret, created_at, updated_at, EXISTS (SELECT 1 FROM moved) AS moved FROM stored`,
        [
          payment.paymentKey,
          payment.orderId,
          payment.status,
          payment.method,
          payment.totalAmount,
          payment.balanceAmount,
          payment.currency,
          payment.requestedAt,
          payment.approvedAt,
          payment.receiptUrl,
          payment.lastTransactionKey,
          json(payment.card),
          json(payment.virtualAccount),
          json(payment.transfer),
          json(payment.mobilePhone),
          json(payment.easyPay),
          json(payment.cancels),
          payment.secret,
          json(payment.raw),
          ...(order ? orderValues(order) : Array<null>(9).fill(null)),
          order !== undefined,
          attempt?.idempotencyKey ?? null,
          attempt?.status ?? null,
          attempt?.failure?.code ?? null,
          attempt?.failure?.message ?? null,
          expected !== undefined,
          expected?.status ?? null,
          expected?.paymentKey ?? null,
          expected?.paidAt ?? null,
          expected?.canceledAt ?? null,
          ...callArrays(calls),
        ],
      );
    if (rows.length === 0 || (expected && !rows[0].moved)) return null;
    Object.assign(payment, {
      secret: rows[0].secret,
      createdAt: rows[0].created_at,
      updatedAt: rows[0].updated_at,
    });
    return payment;
  }

  findAttempt(idempotencyKey: string): Promise<PaymentAttempt | null> {
    return this.attempts.findOneBy({ idempotencyKey });
  }

  /** Settles an attempt, if there is one (approvals found by webhooks may have none). */
  async markAttempt(
    idempotencyKey: string,
    status: AttemptStatus,
    failure?: { code: string; message: string },
  ): Promise<void> {
    await this.attempts.query(
      'UPDATE payment_attempts SET status = $2, failure_code = $3, failure_message = $4, updated_at = now() WHERE idempotency_key = $1',
      [idempotencyKey, status, failure?.code ?? null, failure?.message ?? null],
    );
  }

  async recordCalls(calls: TossCallRow[]): Promise<void> {
    await this.calls.query(
      `INSERT INTO toss_calls (${CALL_COLUMNS}) SELECT * FROM ${CALL_ROWS(1)}`,
      callArrays(calls),
    );
  }

  findCallsForPayment(paymentKey: string, orderId: string): Promise<TossCall[]> {
    return this.calls.find({
      where: [{ paymentKey }, { orderId }],
      order: { createdAt: 'ASC', id: 'ASC' },
      take: 200,
    });
  }
}
