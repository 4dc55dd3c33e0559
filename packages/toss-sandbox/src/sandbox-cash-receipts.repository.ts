import { InjectTransactionHost, TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { SANDBOX_CONNECTION } from './database/sandbox-data-source';
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

  save(receipt: SandboxCashReceipt): Promise<SandboxCashReceipt> {
    return this.repo.save(receipt);
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
