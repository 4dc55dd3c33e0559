import { Transactional } from '@nestjs-cls/transactional';
import { Injectable } from '@nestjs/common';
import {
  CancelCashReceiptInput,
  IssueCashReceiptInput,
  listPage,
  newIssueNumber,
  newReceiptKey,
  parseCancelCashReceipt,
  parseIssueCashReceipt,
  parseListCashReceipts,
  planCashReceiptCancel,
  toTossCashReceipt,
} from './cash-receipt-rules';
import { SANDBOX_CONNECTION } from './database/sandbox-data-source';
import { SandboxCashReceipt } from './sandbox-cash-receipt.entity';
import { SandboxCashReceiptsRepository } from './sandbox-cash-receipts.repository';
import { clockAt } from './sandbox-clock.service';
import { TossAnswer, TossCall } from './sandbox-payments.service';
import { SandboxIdempotencyRepository } from './sandbox-support.repository';

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
    return this.kept({ status: 200, body: toTossCashReceipt(receipt, now) }, call);
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
    const canceled = await this.cancelPart(issue!, plan, now);
    return this.kept({ status: 200, body: toTossCashReceipt(canceled, now) }, call);
  }

  /** Cancels `plan` of a locked issue: the issue's counters move and a CANCEL receipt is made. */
  async cancelPart(
    issue: SandboxCashReceipt,
    plan: { amount: number; taxFreeAmount: number },
    now: Date,
  ): Promise<SandboxCashReceipt> {
    issue.canceledAmount += plan.amount;
    issue.canceledTaxFreeAmount += plan.taxFreeAmount;
    await this.receipts.save(issue);
    return this.receipts.insert(canceledReceipt(issue, plan, now));
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

  /** The orderId of a receipt (faults aimed at an order reach its receipts' cancels). */
  async orderIdOf(receiptKey: string): Promise<string | undefined> {
    return (await this.receipts.findByKey(receiptKey))?.orderId;
  }

  /** Keeps a final answer for the call's Idempotency-Key in the caller's transaction. */
  private async kept(answer: TossAnswer, call: TossCall): Promise<TossAnswer> {
    if (call.idempotencyScope === undefined) return answer;
    await this.idempotency.complete(call.idempotencyScope, answer);
    return { ...answer, stored: true };
  }
}

/** An issue (CONFIRM), approved at once; the NTS outcome follows (issueStatusAt). */
export function issuedReceipt(
  input: IssueCashReceiptInput,
  paymentKey: string | null,
  now: Date,
): SandboxCashReceipt {
  return Object.assign(new SandboxCashReceipt(), {
    receiptKey: newReceiptKey('CONFIRM'),
    transactionType: 'CONFIRM',
    issueReceiptKey: null,
    paymentKey,
    orderId: input.orderId,
    orderName: input.orderName,
    type: input.type,
    amount: input.amount,
    taxFreeAmount: input.taxFreeAmount,
    canceledAmount: 0,
    canceledTaxFreeAmount: 0,
    issueNumber: newIssueNumber(),
    approvalNumber: newIssueNumber(),
    customerIdentityNumber: input.customerIdentityNumber,
    issueStatus: null,
    failure: null,
    requestedAt: now,
    approvedAt: now,
    canceledAt: null,
  } satisfies Partial<SandboxCashReceipt>);
}

/** A cancel of part of `issue`: its own `c_` key, the issue's order, type and number. */
function canceledReceipt(
  issue: SandboxCashReceipt,
  plan: { amount: number; taxFreeAmount: number },
  now: Date,
): SandboxCashReceipt {
  return Object.assign(new SandboxCashReceipt(), {
    receiptKey: newReceiptKey('CANCEL'),
    transactionType: 'CANCEL',
    issueReceiptKey: issue.receiptKey,
    paymentKey: issue.paymentKey,
    orderId: issue.orderId,
    orderName: issue.orderName,
    type: issue.type,
    amount: plan.amount,
    taxFreeAmount: plan.taxFreeAmount,
    canceledAmount: 0,
    canceledTaxFreeAmount: 0,
    issueNumber: newIssueNumber(),
    approvalNumber: newIssueNumber(),
    customerIdentityNumber: issue.customerIdentityNumber,
    issueStatus: null,
    failure: null,
    requestedAt: now,
    approvedAt: now,
    canceledAt: now,
  } satisfies Partial<SandboxCashReceipt>);
}
