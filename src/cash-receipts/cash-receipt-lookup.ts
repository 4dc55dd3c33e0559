import { Injectable } from '@nestjs/common';
import { TossCaller, TossCalls } from '../payments/toss-calls';
import type { TossCashReceipt } from '../toss/cash-receipt.types';
import { TossClient } from '../toss/toss.client';
import { TossError } from '../toss/toss.errors';
import { seoulDate } from '../common/seoul-time';

/** Receipts per page of Toss's list (its maximum is 10000). */
const PAGE_LIMIT = 1000;

export type LookupResult =
  | { kind: 'found'; receipt: TossCashReceipt }
  | { kind: 'absent' }
  | { kind: 'unknown'; error: TossError };

/** Whose lookup it is, for the audit rows (the payment the receipt belongs to). */
export interface LookupContext {
  caller: TossCaller;
  orderId: string;
  paymentKey: string;
}

/**
 * Toss's list of cash receipts by request day is its only way to read a receipt back (there is no
 * GET by key): an unseen issue or cancel is found there, and the daily refresh reads the National
 * Tax Service's outcome there.
 */
@Injectable()
export class CashReceiptLookup {
  constructor(
    private readonly toss: TossClient,
    private readonly calls: TossCalls,
  ) {}

  /**
   * The first receipt of these days that `match` takes: `absent` only when every page of every
   * day was read. Days after today (Korea) are not asked for: nothing can be dated there yet.
   */
  async find(
    dates: readonly string[],
    context: LookupContext,
    match: (receipt: TossCashReceipt) => boolean,
  ): Promise<LookupResult> {
    for (const date of dates) {
      const day = await this.day(date, context);
      if (day.kind === 'unknown') return day;
      const found = day.receipts.find(match);
      if (found) return { kind: 'found', receipt: found };
    }
    return { kind: 'absent' };
  }

  /** Every receipt requested on a day (Korea), all pages; today's and earlier days only. */
  async day(
    date: string,
    context: LookupContext,
  ): Promise<
    { kind: 'read'; receipts: TossCashReceipt[] } | { kind: 'unknown'; error: TossError }
  > {
    const receipts: TossCashReceipt[] = [];
    if (date > seoulDate(new Date())) return { kind: 'read', receipts };
    let cursor: number | undefined;
    for (;;) {
      try {
        const page = await this.calls.run(
          {
            caller: context.caller,
            operation: 'receiptList',
            orderId: context.orderId,
            paymentKey: context.paymentKey,
          },
          () => this.toss.listCashReceipts({ requestDate: date, cursor, limit: PAGE_LIMIT }),
        );
        receipts.push(...page.data);
        if (!page.hasNext || page.lastCursor === null || page.lastCursor === cursor) break;
        cursor = page.lastCursor;
      } catch (error) {
        if (error instanceof TossError) return { kind: 'unknown', error };
        throw error;
      }
    }
    return { kind: 'read', receipts };
  }
}
