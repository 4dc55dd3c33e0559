import { Injectable } from '@nestjs/common';
import { ReceiptProblem, receiptProblems } from './cash-receipt-rules';
import { CashReceiptsRepository } from './cash-receipts.repository';

/** A payment as the books know it: its key and its balance (ours, or Toss's). */
export interface PaymentBalance {
  paymentKey: string;
  balanceAmount: number;
}

/**
 * The cash receipt side of the books report: for each payment given, the problems of its requested
 * receipts (receiptProblems: RECEIPT_UNSETTLED, RECEIPT_DIFFERS). One read of both tables for the
 * whole set; payments without a requested receipt (window receipts: Toss keeps those) have none.
 */
@Injectable()
export class CashReceiptBooks {
  constructor(private readonly receipts: CashReceiptsRepository) {}

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
