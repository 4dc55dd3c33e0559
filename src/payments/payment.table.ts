import { bigintColumn, column, jsonColumn, nullableBigintColumn, table } from '../database/sql';
import type { PaymentAttempt } from './payment-attempt.entity';
import type { Payment } from './payment.entity';
import type { TossCallRow } from './toss-call.entity';

/** The ledger's tables, as its hand-written statements read and write them. */
export const paymentsTable = table<Payment>('payments', {
  paymentKey: column('payment_key', 'varchar'),
  orderId: column('order_id', 'varchar'),
  status: column('status', 'varchar'),
  method: column('method', 'varchar'),
  totalAmount: bigintColumn('total_amount'),
  balanceAmount: bigintColumn('balance_amount'),
  currency: column('currency', 'varchar'),
  taxFreeAmount: bigintColumn('tax_free_amount'),
  vat: nullableBigintColumn('vat'),
  suppliedAmount: nullableBigintColumn('supplied_amount'),
  requestedAt: column('requested_at', 'timestamptz'),
  approvedAt: column('approved_at', 'timestamptz'),
  receiptUrl: column('receipt_url', 'varchar'),
  lastTransactionKey: column('last_transaction_key', 'varchar'),
  card: jsonColumn('card'),
  virtualAccount: jsonColumn('virtual_account'),
  transfer: jsonColumn('transfer'),
  mobilePhone: jsonColumn('mobile_phone'),
  easyPay: jsonColumn('easy_pay'),
  cancels: jsonColumn('cancels'),
  cashReceipt: jsonColumn('cash_receipt'),
  secret: column('secret', 'varchar'),
  raw: jsonColumn('raw'),
  createdAt: column('created_at', 'timestamptz'),
  updatedAt: column('updated_at', 'timestamptz'),
});

/** What Toss tells us about a payment: every column but our own timestamps. */
export const PAYMENT_FROM_TOSS = [
  'paymentKey',
  'orderId',
  'status',
  'method',
  'totalAmount',
  'balanceAmount',
  'currency',
  'taxFreeAmount',
  'vat',
  'suppliedAmount',
  'requestedAt',
  'approvedAt',
  'receiptUrl',
  'lastTransactionKey',
  'card',
  'virtualAccount',
  'transfer',
  'mobilePhone',
  'easyPay',
  'cancels',
  'cashReceipt',
  'secret',
  'raw',
] as const satisfies readonly (keyof Payment)[];

export const paymentAttemptsTable = table<PaymentAttempt>('payment_attempts', {
  idempotencyKey: column('idempotency_key', 'varchar'),
  orderId: column('order_id', 'varchar'),
  paymentKey: column('payment_key', 'varchar'),
  amount: bigintColumn('amount'),
  status: column('status', 'varchar'),
  failureCode: column('failure_code', 'varchar'),
  failureMessage: column('failure_message', 'varchar'),
  createdAt: column('created_at', 'timestamptz'),
  updatedAt: column('updated_at', 'timestamptz'),
});

export const tossCallsTable = table<TossCallRow>('toss_calls', {
  orderId: column('order_id', 'varchar'),
  paymentKey: column('payment_key', 'varchar'),
  operation: column('operation', 'varchar'),
  idempotencyKey: column('idempotency_key', 'varchar'),
  httpStatus: column('http_status', 'smallint'),
  code: column('code', 'varchar'),
  outcome: column('outcome', 'varchar'),
  durationMs: column('duration_ms', 'integer'),
  caller: column('caller', 'varchar'),
});

export const TOSS_CALL_COLUMNS = Object.keys(tossCallsTable.columns) as (keyof TossCallRow)[];
