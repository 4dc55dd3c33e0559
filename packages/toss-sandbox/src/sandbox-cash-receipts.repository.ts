import { InjectTransactionHost, TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { SANDBOX_CONNECTION } from './database/sandbox-data-source';
import { canceledReceipt, CashReceiptCancelPlan } from './cash-receipt-rules';
import { SandboxCashReceipt } from './sandbox-cash-receipt.entity';

/** Cash receipts: issues and cancels, standalone or issued with a payment. */
@Injectable()
export class SandboxCashReceiptsRepository {
  constructor(
    @InjectTransactionHost(SANDBOX_CONNECTION)
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
  ) {}

  private get repo() {
    return this.txHost.tx.getRepository(SandboxCashReceipt);
  }

  insert(receipt: SandboxCashReceipt): Promise<SandboxCashReceipt> {
    return this.repo.save(receipt);
  }

  /** Cancels `plan` of a locked issue: the issue's counters move and a CANCEL receipt is made. */
  async cancelPart(
    issue: SandboxCashReceipt,
    plan: CashReceiptCancelPlan,
    now: Date,
  ): Promise<SandboxCashReceipt> {
    issue.canceledAmount += plan.amount;
    issue.canceledTaxFreeAmount += plan.taxFreeAmount;
    await this.repo.update(
      { id: issue.id },
      { canceledAmount: issue.canceledAmount, canceledTaxFreeAmount: issue.canceledTaxFreeAmount },
    );
    return this.insert(canceledReceipt(issue, plan, now));
  }

  /** The NTS outcome a test control decided (only those columns: a cancel may be moving the others). */
  async setOutcome(receipt: SandboxCashReceipt): Promise<void> {
    await this.repo.update(
      { id: receipt.id },
      { issueStatus: receipt.issueStatus, failure: receipt.failure },
    );
  }

  findByKey(receiptKey: string): Promise<SandboxCashReceipt | null> {
    return this.repo.findOneBy({ receiptKey });
  }

  /** Row lock until the transaction ends: cancels of one receipt run one after another. */
  findByKeyForUpdate(receiptKey: string): Promise<SandboxCashReceipt | null> {
    return this.repo.findOne({ where: { receiptKey }, lock: { mode: 'pessimistic_write' } });
  }

  /** The payment's issue, locked (a cancel of the payment cancels part of it). */
  findPaymentIssueForUpdate(paymentKey: string): Promise<SandboxCashReceipt | null> {
    return this.repo.findOne({
      where: { paymentKey, transactionType: 'CONFIRM' },
      lock: { mode: 'pessimistic_write' },
    });
  }

  /** Receipts issued with these payments (issues and cancels), oldest first. */
  findForPayments(paymentKeys: string[]): Promise<SandboxCashReceipt[]> {
    if (paymentKeys.length === 0) return Promise.resolve([]);
    return this.repo.find({ where: { paymentKey: In(paymentKeys) }, order: { id: 'ASC' } });
  }

  /** An order's receipts (issues and cancels, with its payments or not), oldest first. */
  findForOrder(orderId: string): Promise<SandboxCashReceipt[]> {
    return this.repo.find({ where: { orderId }, order: { id: 'ASC' } });
  }

  /** Receipts requested in [from, to), after `cursor`, in id order: `limit` rows at most. */
  listRequested(from: Date, to: Date, cursor: number | undefined, limit: number) {
    const qb = this.repo
      .createQueryBuilder('r')
      .where('r.requested_at >= :from AND r.requested_at < :to', { from, to })
      .orderBy('r.id', 'ASC')
      .limit(limit);
    if (cursor !== undefined) qb.andWhere('r.id > :cursor', { cursor });
    return qb.getMany();
  }
}
