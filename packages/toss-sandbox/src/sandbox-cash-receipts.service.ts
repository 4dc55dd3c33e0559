import { Transactional } from '@nestjs-cls/transactional';
import { Injectable } from '@nestjs/common';
import {
  CancelCashReceiptInput,
  IssueCashReceiptInput,
  issuedReceipt,
  listPage,
  parseCancelCashReceipt,
  parseIssueCashReceipt,
  parseListCashReceipts,
  parseReceiptOutcome,
  planCashReceiptCancel,
  toTossCashReceipt,
  TossCashReceiptJson,
} from './cash-receipt-rules';
import { parseOrderId } from './payment-rules';
import { SANDBOX_CONNECTION } from './database/sandbox-data-source';
import { SandboxCashReceiptsRepository } from './sandbox-cash-receipts.repository';
import { clockAt, SandboxClock } from './sandbox-clock.service';
import { tossError } from './toss-errors';
import { TossAnswer, TossCall } from './sandbox-payments.service';
import {
  SandboxIdempotencyRepository,
  SandboxRequestsRepository,
} from './sandbox-support.repository';

/** An order's cash receipts and the receipt calls that named it, for assertions. */
export interface CashReceiptReadBack {
  orderId: string;
  /** Issues and cancels, with its payments or not, oldest first. */
  receipts: TossCashReceiptJson[];
  /** issueCashReceipt calls received for the order, whatever their answer. */
  issueCalls: number;
  /** cancelCashReceipt calls received for its receipts, whatever their answer. */
  cancelCalls: number;
}

/**
 * The emulated Toss's cash receipt API (현금영수증): issue, cancel (in parts), list by day. Toss
 * checks no payment behind a receipt (any orderId, even twice). Writes that answer an
 * Idempotency-Key keep that answer in their own transaction, so a lost answer is replayed, never
 * run twice.
 */
@Injectable()
export class SandboxCashReceiptsService {
  constructor(
    private readonly receipts: SandboxCashReceiptsRepository,
    private readonly idempotency: SandboxIdempotencyRepository,
    private readonly requests: SandboxRequestsRepository,
    private readonly clock: SandboxClock,
  ) {}

  /** POST /v1/cash-receipts: a receipt, IN_PROGRESS at the NTS. */
  issue(raw: unknown, call: TossCall): Promise<TossAnswer> {
    return this.issueKept(parseIssueCashReceipt(raw), clockAt(call.clockOffsetMs), call);
  }

  @Transactional(SANDBOX_CONNECTION)
  private async issueKept(
    input: IssueCashReceiptInput,
    now: Date,
    call: TossCall,
  ): Promise<TossAnswer> {
    const receipt = await this.receipts.insert(issuedReceipt(input, null, now));
    return this.idempotency.keep(call.idempotencyScope, {
      status: 200,
      body: toTossCashReceipt(receipt, now),
    });
  }

  /** POST /v1/cash-receipts/{receiptKey}/cancel: all that is left, or `amount` of it. */
  cancel(receiptKey: string, raw: unknown, call: TossCall): Promise<TossAnswer> {
    return this.cancelLocked(
      receiptKey,
      parseCancelCashReceipt(raw),
      clockAt(call.clockOffsetMs),
      call,
    );
  }

  @Transactional(SANDBOX_CONNECTION)
  private async cancelLocked(
    receiptKey: string,
    input: CancelCashReceiptInput,
    now: Date,
    call: TossCall,
  ): Promise<TossAnswer> {
    const issue = await this.receipts.findByKeyForUpdate(receiptKey);
    const plan = planCashReceiptCancel(issue, input);
    const canceled = await this.receipts.cancelPart(issue!, plan, now);
    return this.idempotency.keep(call.idempotencyScope, {
      status: 200,
      body: toTossCashReceipt(canceled, now),
    });
  }

  /** GET /v1/cash-receipts?requestDate&cursor&limit. */
  async list(query: Record<string, unknown>, call: TossCall): Promise<TossAnswer> {
    const input = parseListCashReceipts(query);
    const rows = await this.receipts.listRequested(
      input.from,
      input.to,
      input.cursor,
      input.limit + 1,
    );
    return { status: 200, body: listPage(rows, input.limit, clockAt(call.clockOffsetMs)) };
  }

  // ------------------------------------------------------------ test endpoints

  /** The NTS's outcome for a receipt, decided (POST /test/cash-receipts/{receiptKey}/outcome). */
  async decideOutcome(receiptKey: string, raw: unknown): Promise<TossCashReceiptJson> {
    const outcome = parseReceiptOutcome(raw);
    const receipt = await this.receipts.findByKey(receiptKey);
    if (!receipt) throw tossError('NOT_FOUND');
    receipt.issueStatus = outcome.issueStatus;
    receipt.failure = outcome.failure;
    await this.receipts.setOutcome(receipt);
    return toTossCashReceipt(receipt, await this.clock.now());
  }

  async readBack(query: { orderId?: string }): Promise<CashReceiptReadBack> {
    const orderId = parseOrderId(query.orderId);
    const rows = await this.receipts.findForOrder(orderId);
    const calls = await this.requests.countForOrder(orderId, []);
    const now = await this.clock.now();
    return {
      orderId,
      receipts: rows.map((r) => toTossCashReceipt(r, now)),
      issueCalls: calls['cash-receipt-issue'],
      cancelCalls: calls['cash-receipt-cancel'],
    };
  }

  /** The orderId of a receipt (faults aimed at an order reach its receipts' cancels). */
  async orderIdOf(receiptKey: string): Promise<string | undefined> {
    return (await this.receipts.findByKey(receiptKey))?.orderId;
  }
}
