import { Injectable } from '@nestjs/common';
import { OrdersRepository } from '../orders/orders.repository';
import type { OrderStatus } from '../orders/order-status';
import { booksProblems, Problem } from './books';
import { PaymentSettlement } from './payment-settlement';

export interface Discrepancy {
  orderId: string;
  problems: (Problem | 'TOSS_UNREACHABLE' | 'TOSS_ORDER_MISMATCH')[];
  ours: { status: OrderStatus; amount: number; paymentKey: string | null; balanceAmount: number | null };
  toss: { paymentKey: string; status: string; totalAmount: number; balanceAmount: number } | null;
}

export interface ReconciliationReport {
  /** Orders changed within the window that were compared with Toss. */
  checked: number;
  days: number;
  discrepancies: Discrepancy[];
}

const REPORT_LIMIT = 1000;

/** Every recent order whose state disagrees with Toss; empty when the books match. */
@Injectable()
export class ReconciliationReportService {
  constructor(
    private readonly orders: OrdersRepository,
    private readonly settlement: PaymentSettlement,
  ) {}

  async report(days: number): Promise<ReconciliationReport> {
    const since = new Date(Date.now() - days * 24 * 3600_000);
    const orders = await this.orders.findChangedSince(since, undefined, REPORT_LIMIT);
    const discrepancies: Discrepancy[] = [];
    for (const order of orders) {
      // By orderId when we never got a paymentKey: an approval we lost would show up there.
      const found = await this.settlement.find(order.orderId, order.paymentKey, 'report');
      const toss = found.kind === 'found' ? found.payment : null;
      const ours = {
        status: order.status,
        amount: order.amount,
        paymentKey: order.paymentKey,
        balanceAmount: order.payment?.balanceAmount ?? null,
      };
      const problems: Discrepancy['problems'] =
        found.kind === 'unknown' ? ['TOSS_UNREACHABLE'] : found.kind === 'mismatch' ? ['TOSS_ORDER_MISMATCH'] : booksProblems({ orderId: order.orderId, ...ours }, toss);
      if (problems.length > 0) {
        discrepancies.push({
          orderId: order.orderId,
          problems,
          ours,
          toss: toss && { paymentKey: toss.paymentKey, status: toss.status, totalAmount: toss.totalAmount, balanceAmount: toss.balanceAmount },
        });
      }
    }
    return { checked: orders.length, days, discrepancies };
  }
}
