import TestAgent from 'supertest/lib/agent';
import { isPaidLike, OrderStatus } from '../../src/payments/order-status';
import { tossRecord } from '../factories/sandbox.factory';

/** Toss holds (or held) the customer's money, or an issued account, for these. */
const LIVE_AT_TOSS = new Set(['DONE', 'WAITING_FOR_DEPOSIT', 'PARTIAL_CANCELED']);

interface OrderView {
  status: OrderStatus;
  amount: number;
  payment?: { paymentKey: string; status: string };
}

/**
 * The invariant, checked two ways for one order:
 * 1. against the sandbox's own records: Toss approved ⇔ our order is paid, same payment, same
 *    amount, never more than one approval;
 * 2. through the admin reconciliation report, which must list nothing for the order.
 */
export async function expectBooksMatch(
  http: TestAgent,
  adminAuth: { Authorization: string },
  orderId: string,
): Promise<void> {
  const order = (await http.get(`/api/v1/orders/${orderId}`).set(adminAuth).expect(200))
    .body as OrderView;
  const toss = await tossRecord(http, orderId);
  const live = toss.payments.filter((p) => LIVE_AT_TOSS.has(p.status));
  const refunded = toss.payments.filter(
    (p) => p.status === 'CANCELED' && p.paymentKey === order.payment?.paymentKey,
  );
  const seen = {
    ours: `${order.status}:${order.amount}:${order.payment?.paymentKey ?? '-'}`,
    toss: toss.payments.map((p) => `${p.paymentKey}:${p.status}:${p.totalAmount}`),
  };

  expect({ ...seen, approvals: toss.approvals <= 1 }).toEqual({ ...seen, approvals: true });
  if (isPaidLike(order.status)) {
    const ours = order.status === 'REFUNDED' ? [...live, ...refunded] : live;
    expect({ ...seen, matching: ours.map((p) => p.paymentKey) }).toEqual({
      ...seen,
      matching: [order.payment?.paymentKey],
    });
    expect(ours[0].totalAmount).toBe(order.amount);
  } else {
    // Not paid at us: Toss holds no money for the order (an overdue account may still be open there).
    const money = live.filter(
      (p) => !(p.status === 'WAITING_FOR_DEPOSIT' && order.status === 'EXPIRED'),
    );
    expect({ ...seen, money: money.map((p) => p.paymentKey) }).toEqual({ ...seen, money: [] });
  }

  const report = (await http.get('/api/v1/admin/reconciliation').set(adminAuth).expect(200))
    .body as { discrepancies: { orderId: string }[] };
  expect(report.discrepancies.filter((d) => d.orderId === orderId)).toEqual([]);
}

/** Every money test file ends here: the report over all its orders is empty. */
export async function expectReportEmpty(
  http: TestAgent,
  adminAuth: { Authorization: string },
): Promise<void> {
  const report = (await http.get('/api/v1/admin/reconciliation').set(adminAuth).expect(200))
    .body as { checked: number; discrepancies: unknown[] };
  expect(report.discrepancies).toEqual([]);
  expect(report.checked).toBeGreaterThan(0);
}
