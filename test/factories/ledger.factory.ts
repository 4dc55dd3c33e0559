import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { TossCancel, TossPayment } from '../../src/toss/toss.types';

const hex = (bytes: number) => randomBytes(bytes).toString('hex');

/** A customer and a PENDING order of one amount, inserted directly: what the ledger starts from. */
export async function pendingOrder(
  dataSource: DataSource,
  amount = 10_000,
): Promise<{ orderId: string; amount: number }> {
  const orderId = `svc_${hex(8)}`;
  const [user] = await dataSource.query<{ id: string }[]>(
    `INSERT INTO users (email, name, password_hash) VALUES ($1, '고객', 'x') RETURNING id`,
    [`${orderId}@test.local`],
  );
  await dataSource.query(
    `INSERT INTO orders (order_id, customer_id, order_name, amount, status, expires_at)
     VALUES ($1, $2, '상품', $3, 'PENDING', now() + interval '1 hour')`,
    [orderId, user.id, amount],
  );
  return { orderId, amount };
}

export function newPaymentKey(): string {
  return `tsvc_${hex(10)}`;
}

/** Toss's answer for an approved card payment of the order (optionally with cancels since). */
export function approved(
  order: { orderId: string; amount: number },
  paymentKey: string,
  cancels: TossCancel[] = [],
): TossPayment {
  const canceled = cancels.reduce((sum, c) => sum + c.cancelAmount, 0);
  const status =
    cancels.length === 0 ? 'DONE' : canceled === order.amount ? 'CANCELED' : 'PARTIAL_CANCELED';
  return {
    paymentKey,
    orderId: order.orderId,
    orderName: '상품',
    status,
    method: '카드',
    totalAmount: order.amount,
    balanceAmount: order.amount - canceled,
    currency: 'KRW',
    requestedAt: '2026-01-01T10:00:00+09:00',
    approvedAt: '2026-01-01T10:00:05+09:00',
    lastTransactionKey: cancels.at(-1)?.transactionKey ?? `tx_${paymentKey}`,
    isPartialCancelable: true,
    cancels: cancels.length ? cancels : null,
  };
}

/** One of Toss's cancel transactions. */
export function cancel(amount: number, reason = '고객 변심'): TossCancel {
  return {
    cancelAmount: amount,
    cancelReason: reason,
    canceledAt: new Date().toISOString(),
    transactionKey: `ctx_${hex(8)}`,
    cancelStatus: 'DONE',
  };
}
