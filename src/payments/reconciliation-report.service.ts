import { Injectable } from '@nestjs/common';
import { OrderPaymentsRepository, OrderWithPayment } from './order-payments.repository';
import type { OrderStatus } from './order-status';
import { booksProblems, Problem, RefundBooks } from './books';
import { PaymentBooksChecks } from './books-checks';
import { PaymentSettlement } from './payment-settlement';
import { RefundsRepository } from './refunds.repository';

export interface Discrepancy {
  orderId: string;
  /** Ours (Problem), Toss out of reach, or a registered check's (e.g. RECEIPT_DIFFERS). */
  problems: (Problem | 'TOSS_UNREACHABLE' | 'TOSS_ORDER_MISMATCH' | (string & {}))[];
  ours: {
    status: OrderStatus;
    amount: number;
    taxFreeAmount: number;
    paymentKey: string | null;
    balanceAmount: number | null;
    taxFreeBalance: number | null;
  };
  toss: {
    paymentKey: string;
    status: string;
    totalAmount: number;
    balanceAmount: number;
    taxFreeAmount: number;
  } | null;
}

export interface ReconciliationReport {
  /** Every order changed within the window, each compared with Toss. */
  checked: number;
  days: number;
  discrepancies: Discrepancy[];
}

const PAGE = 200;
/** Lookups at Toss in flight at once: a large window finishes in reasonable time without a burst. */
const LOOKUPS_AT_ONCE = 8;

/** Every order of the window whose state disagrees with Toss; empty when the books match. */
@Injectable()
export class ReconciliationReportService {
  constructor(
    private readonly orders: OrderPaymentsRepository,
    private readonly refunds: RefundsRepository,
    private readonly settlement: PaymentSettlement,
    private readonly checks: PaymentBooksChecks,
  ) {}

  async report(days: number): Promise<ReconciliationReport> {
    const since = new Date(Date.now() - days * 24 * 3600_000);
    const discrepancies: Discrepancy[] = [];
    let checked = 0;
    for await (const page of this.orders.eachChangedSince(since, undefined, PAGE)) {
      const paymentKeys = page.flatMap((order) => (order.paymentKey ? [order.paymentKey] : []));
      const refunds = await this.refunds.forPayments(paymentKeys);
      const refundsOf = (order: OrderWithPayment): RefundBooks[] =>
        refunds.filter((refund) => refund.paymentKey === order.paymentKey);
      const beside = await this.checks.problems(
        page.flatMap((order) =>
          order.paymentKey && order.payment
            ? [{ paymentKey: order.paymentKey, balanceAmount: order.payment.balanceAmount }]
            : [],
        ),
      );
      for (let i = 0; i < page.length; i += LOOKUPS_AT_ONCE) {
        const found = await Promise.all(
          page
            .slice(i, i + LOOKUPS_AT_ONCE)
            .map((order) =>
              this.compare(order, refundsOf(order), beside.get(order.paymentKey ?? '') ?? []),
            ),
        );
        for (const discrepancy of found) if (discrepancy) discrepancies.push(discrepancy);
      }
      checked += page.length;
    }
    return { checked, days, discrepancies };
  }

  private async compare(
    order: OrderWithPayment,
    refunds: RefundBooks[],
    besides: string[],
  ): Promise<Discrepancy | undefined> {
    // By orderId when we never got a paymentKey: an approval we lost would show up there.
    const found = await this.settlement.find(order.orderId, order.paymentKey, 'report');
    const toss = found.kind === 'found' ? found.payment : null;
    const ours = {
      status: order.status,
      amount: order.amount,
      taxFreeAmount: order.taxFreeAmount,
      paymentKey: order.paymentKey,
      balanceAmount: order.payment?.balanceAmount ?? null,
      taxFreeBalance: order.payment?.taxFreeAmount ?? null,
    };
    const problems: Discrepancy['problems'] =
      found.kind === 'unknown'
        ? ['TOSS_UNREACHABLE']
        : found.kind === 'mismatch'
          ? ['TOSS_ORDER_MISMATCH']
          : [
              ...booksProblems({ orderId: order.orderId, ...ours }, toss, new Date(), refunds),
              ...besides,
            ];
    if (problems.length === 0) return undefined;
    return {
      orderId: order.orderId,
      problems,
      ours,
      toss: toss && {
        paymentKey: toss.paymentKey,
        status: toss.status,
        totalAmount: toss.totalAmount,
        balanceAmount: toss.balanceAmount,
        taxFreeAmount: toss.taxFreeAmount ?? 0,
      },
    };
  }
}
