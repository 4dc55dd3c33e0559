import { Injectable } from '@nestjs/common';

/** One of our payments as a books check reads it: its key and our balance. */
export interface PaymentBalance {
  paymentKey: string;
  balanceAmount: number;
}

/**
 * Books another module keeps beside a payment (cash receipts, for one), checked by the books
 * report with the payment's own: problems by paymentKey, only for payments that have some.
 */
export interface PaymentBooksCheck {
  name: string;
  problems(payments: readonly PaymentBalance[]): Promise<Map<string, string[]>>;
}

/** The checks registered by the modules that own those books (payments imports none of them). */
@Injectable()
export class PaymentBooksChecks {
  private readonly checks: PaymentBooksCheck[] = [];

  register(check: PaymentBooksCheck): () => void {
    this.checks.push(check);
    return () => {
      const at = this.checks.indexOf(check);
      if (at >= 0) this.checks.splice(at, 1);
    };
  }

  async problems(payments: readonly PaymentBalance[]): Promise<Map<string, string[]>> {
    const found = new Map<string, string[]>();
    if (payments.length === 0) return found;
    for (const check of this.checks) {
      for (const [paymentKey, problems] of await check.problems(payments))
        found.set(paymentKey, [...(found.get(paymentKey) ?? []), ...problems]);
    }
    return found;
  }
}
