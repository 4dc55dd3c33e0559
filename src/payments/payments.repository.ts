import { maskReceiptIdentity } from '../common/privacy/identity-number';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable } from '@nestjs/common';
import type { TossPayment } from '../toss/toss.types';
import { tossAmount } from '../toss/toss-amount';
import type { AttemptVerdict } from './ledger-rules';
import { AttemptStatus, PaymentAttempt } from './payment-attempt.entity';
import { Payment } from './payment.entity';
import { run, sql } from '../database/sql';
import { TossCall, TossCallRow } from './toss-call.entity';
import { ORDER_PAYMENT_COLUMNS, OrderPayment, orderPaymentsTable } from './order-payment';
import {
  PAYMENT_FROM_TOSS,
  paymentAttemptsTable,
  paymentsTable,
  TOSS_CALL_COLUMNS,
  tossCallsTable,
} from './payment.table';

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
    taxFreeAmount: tossAmount(payment.taxFreeAmount) ?? 0,
    vat: tossAmount(payment.vat),
    suppliedAmount: tossAmount(payment.suppliedAmount),
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
    cashReceipt: payment.cashReceipt ?? null,
    secret: payment.secret ?? null,
    raw: withIdentityMasked(payment),
  });
}

/** Toss's receipts may carry the buyer's identity number: the stored copy holds it masked only. */
function withIdentityMasked(payment: TossPayment): TossPayment {
  if (!Array.isArray(payment.cashReceipts)) return payment;
  return { ...payment, cashReceipts: payment.cashReceipts.map(maskReceiptIdentity) };
}

const P = paymentsTable;
const A = paymentAttemptsTable;
const C = tossCallsTable;

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
      order?: OrderPayment;
      attempt?: AttemptVerdict;
      expected?: OrderPayment;
      calls?: TossCallRow[];
    },
  ): Promise<Payment | null> {
    const { order, attempt, expected, calls = [] } = changes;
    // The order's row lock first, as every other path takes it (the locked path already holds it):
    // taking the payment's row before the order's deadlocked against a webhook applying the same payment.
    // With `expected`, nothing is written unless the order still is that copy: the payment row
    // too, since a path that moved the order may have stored a newer snapshot (the books only
    // move forward; the locked path compares snapshots before it writes).
    // The text is the same with or without an order, attempt or expected copy (one prepared
    // statement): what is absent goes as nulls behind a false flag.
    const updated = PAYMENT_FROM_TOSS.filter((key) => key !== 'paymentKey' && key !== 'secret');
    const rows: { secret: string | null; created_at: Date; updated_at: Date; moved: boolean }[] =
      await run(
        this.payments,
        sql`WITH locked AS (
         SELECT 1 FROM orders WHERE order_id = ${payment.orderId}
            AND (NOT ${expected !== undefined}
                 OR (status = ${expected?.status ?? null} AND payment_key IS NOT DISTINCT FROM ${expected?.paymentKey ?? null}::varchar
                     AND paid_at IS NOT DISTINCT FROM ${expected?.paidAt ?? null}::timestamptz
                     AND canceled_at IS NOT DISTINCT FROM ${expected?.canceledAt ?? null}::timestamptz))
            FOR UPDATE),
       stored AS (
         INSERT INTO payments (${P.list(PAYMENT_FROM_TOSS)})
         SELECT ${P.values(payment, PAYMENT_FROM_TOSS)} FROM locked
         ON CONFLICT (payment_key) DO UPDATE SET
           ${P.excluded(updated)},
           -- Keep the secret we first saw; later reads may omit it.
           secret = COALESCE(EXCLUDED.secret, payments.secret), updated_at = now()
         RETURNING secret, created_at, updated_at),
       moved AS (
         UPDATE orders SET ${orderPaymentsTable.set(order, ORDER_PAYMENT_COLUMNS)}, updated_at = now()
          WHERE ${order !== undefined} AND order_id = ${order?.orderId ?? null} AND EXISTS (SELECT 1 FROM locked)
          RETURNING 1),
       verdict AS (
         UPDATE payment_attempts
            SET status = ${attempt?.status ?? null}, failure_code = ${attempt?.failure?.code ?? null},
                failure_message = ${attempt?.failure?.message ?? null}, updated_at = now()
          WHERE ${attempt?.idempotencyKey ?? null}::varchar IS NOT NULL AND idempotency_key = ${attempt?.idempotencyKey ?? null}
            AND EXISTS (SELECT 1 FROM moved)),
       audited AS (INSERT INTO toss_calls (${C.list(TOSS_CALL_COLUMNS)}) SELECT * FROM ${C.rows(calls, TOSS_CALL_COLUMNS)})
       SELECT secret, created_at, updated_at, EXISTS (SELECT 1 FROM moved) AS moved FROM stored`,
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
    await run(
      this.attempts,
      sql`UPDATE payment_attempts SET ${A.set({ status, failureCode: failure?.code, failureMessage: failure?.message }, ['status', 'failureCode', 'failureMessage'])}, updated_at = now()
           WHERE idempotency_key = ${idempotencyKey}`,
    );
  }

  async recordCalls(calls: TossCallRow[]): Promise<void> {
    await run(
      this.calls,
      sql`INSERT INTO toss_calls (${C.list(TOSS_CALL_COLUMNS)}) SELECT * FROM ${C.rows(calls, TOSS_CALL_COLUMNS)}`,
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
