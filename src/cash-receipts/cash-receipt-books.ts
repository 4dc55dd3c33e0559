import { Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { PaymentBalance, PaymentBooksChecks } from '../payments/books-checks';
import { ReceiptProblem, receiptProblems } from './cash-receipt-rules';
import { CashReceiptsRepository } from './cash-receipts.repository';

/**
 * The cash receipt side of the books report: for each payment given, the problems of its requested
 * receipts (receiptProblems: RECEIPT_UNSETTLED, RECEIPT_DIFFERS). One read of both tables for the
 * whole set; payments without a requested receipt (window receipts: Toss keeps those) have none.
 */
@Injectable()
export class CashReceiptBooks implements OnModuleInit, OnModuleDestroy {
  private unregister?: () => void;

  constructor(
    private readonly receipts: CashReceiptsRepository,
    private readonly checks: PaymentBooksChecks,
  ) {}

  /** The books report (src/payments) checks receipts with each page of payments. */
  onModuleInit(): void {
    this.unregister = this.checks.register({
      name: 'cash receipts',
      problems: (payments) => this.problems(payments),
    });
  }

  onModuleDestroy(): void {
    this.unregister?.();
  }

  /** Only payments with a problem are in the map. */
  async problems(payments: readonly PaymentBalance[]): Promise<Map<string, ReceiptProblem[]>> {
    const found = new Map<string, ReceiptProblem[]>();
    const receipts = await this.receipts.forPayments(payments.map((p) => p.paymentKey));
    if (receipts.length === 0) return found;
    for (const payment of payments) {
      const problems = receiptProblems(
        receipts.filter((receipt) => receipt.paymentKey === payment.paymentKey),
        payment.balanceAmount,
      );
      if (problems.length > 0) found.set(payment.paymentKey, problems);
    }
    return found;
  }
}
