import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import type { SealedValue } from '../billing/billing-key-cipher';
import { claimDue, claimUnsettledIds } from '../database/claim';
import { run, sql } from '../database/sql';
import { CashReceiptCancel } from './cash-receipt-cancel.entity';
import { ACTIVE_RECEIPT_STATUSES, CashReceipt } from './cash-receipt.entity';

/** A new receipt row: everything but what the database fills in. */
export type NewCashReceipt = Omit<CashReceipt, 'createdAt' | 'updatedAt' | 'checkCount'>;

export type NewCashReceiptCancel = Omit<
  CashReceiptCancel,
  'createdAt' | 'updatedAt' | 'checkCount'
>;

/** A payment's requested receipts with their cancels, as the books compare them. */
export type ReceiptWithCancels = CashReceipt & { cancels: CashReceiptCancel[] };

/**
 * The one owner of cash_receipts and cash_receipt_cancels. The sealed identity number is read
 * only by sealedIdentity (for Toss's issue call); its hash only by activeWithHash.
 */
@Injectable()
export class CashReceiptsRepository {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  private get receipts() {
    return this.txHost.tx.getRepository(CashReceipt);
  }

  private get cancels() {
    return this.txHost.tx.getRepository(CashReceiptCancel);
  }

  /** The payment's REQUESTED or ISSUED receipt (at most one). */
  activeFor(paymentKey: string): Promise<CashReceipt | null> {
    return this.receipts.findOneBy({ paymentKey, status: In([...ACTIVE_RECEIPT_STATUSES]) });
  }

  /** activeFor, with the identity number's hash (to tell the same number again). */
  activeWithHash(paymentKey: string): Promise<CashReceipt | null> {
    return this.receipts
      .createQueryBuilder('r')
      .addSelect('r.identityHash')
      .where('r.payment_key = :paymentKey AND r.status IN (:...statuses)', {
        paymentKey,
        statuses: ACTIVE_RECEIPT_STATUSES,
      })
      .getOne();
  }

  /** The payment's newest requested receipt, whatever its status. */
  newestFor(paymentKey: string): Promise<CashReceipt | null> {
    return this.receipts.findOne({
      where: { paymentKey },
      order: { createdAt: 'DESC', id: 'DESC' },
    });
  }

  /** How many receipts were ever requested for the payment (names the next one's Toss orderId). */
  countFor(paymentKey: string): Promise<number> {
    return this.receipts.countBy({ paymentKey });
  }

  findById(id: string): Promise<CashReceipt | null> {
    return this.receipts.findOneBy({ id });
  }

  /** The receipt row locked until the surrounding transaction ends (@Transactional callers). */
  findByIdForUpdate(id: string): Promise<CashReceipt | null> {
    return this.receipts
      .createQueryBuilder('r')
      .setLock('pessimistic_write')
      .where('r.id = :id', { id })
      .getOne();
  }

  async insert(row: NewCashReceipt): Promise<CashReceipt> {
    await this.receipts.insert(row);
    return (await this.findById(row.id))!;
  }

  save(receipt: CashReceipt): Promise<CashReceipt> {
    return this.receipts.save(receipt);
  }

  /** For the issue call only: the sealed identity number. */
  async sealedIdentity(id: string): Promise<SealedValue | null> {
    const rows = await run<
      {
        identity_key_id: string;
        identity_ciphertext: Buffer;
        identity_iv: Buffer;
        identity_tag: Buffer;
      }[]
    >(
      this.receipts,
      sql`SELECT identity_key_id, identity_ciphertext, identity_iv, identity_tag
            FROM cash_receipts WHERE id = ${id}::uuid`,
    );
    const row = rows[0];
    return row
      ? {
          keyId: row.identity_key_id,
          ciphertext: row.identity_ciphertext,
          iv: row.identity_iv,
          tag: row.identity_tag,
        }
      : null;
  }

  /** REQUESTED receipts untouched since `before`, claimed for the sweeper (see claimDue). */
  claimUnsettled(before: Date, limit: number): Promise<string[]> {
    return claimUnsettledIds(
      this.receipts,
      { table: 'cash_receipts', status: 'REQUESTED', before, maxBackoffSeconds: 600 },
      limit,
    );
  }

  /**
   * ISSUED receipts whose National Tax Service outcome is still IN_PROGRESS and due for a look
   * (next_check_at, set a day ahead when it was issued), claimed for the daily refresh.
   */
  async claimInProgress(limit: number): Promise<CashReceipt[]> {
    const rows = await claimDue<{ id: string }>(
      this.receipts,
      {
        table: 'cash_receipts',
        key: 'id',
        where: sql`status = 'ISSUED' AND issue_status = 'IN_PROGRESS'`,
        orderBy: 'next_check_at',
        countColumn: 'check_count',
        nextColumn: 'next_check_at',
        backoff: { baseSeconds: 12 * 3600, maxSeconds: 24 * 3600 },
        returning: 't.id',
      },
      limit,
    );
    return rows.length === 0 ? [] : this.receipts.findBy({ id: In(rows.map((row) => row.id)) });
  }

  // ------------------------------------------------------------------ cancels

  async insertCancel(row: NewCashReceiptCancel): Promise<void> {
    // One per refund: a refund recorded twice (a lookup after an answer) adds nothing.
    await this.cancels.createQueryBuilder().insert().values(row).orIgnore().execute();
  }

  findCancel(id: string): Promise<CashReceiptCancel | null> {
    return this.cancels.findOneBy({ id });
  }

  findCancelByRefund(refundId: string): Promise<CashReceiptCancel | null> {
    return this.cancels.findOneBy({ refundId });
  }

  saveCancel(cancel: CashReceiptCancel): Promise<CashReceiptCancel> {
    return this.cancels.save(cancel);
  }

  cancelsOf(receiptId: string): Promise<CashReceiptCancel[]> {
    return this.cancels.find({ where: { receiptId }, order: { createdAt: 'ASC', id: 'ASC' } });
  }

  /** REQUESTED cancels untouched since `before`, claimed for the sweeper (see claimDue). */
  claimUnsettledCancels(before: Date, limit: number): Promise<string[]> {
    return claimUnsettledIds(
      this.cancels,
      { table: 'cash_receipt_cancels', status: 'REQUESTED', before, maxBackoffSeconds: 600 },
      limit,
    );
  }

  // ------------------------------------------------------------------ books

  /** The requested receipts of these payments, each with its cancels. */
  async forPayments(paymentKeys: readonly string[]): Promise<ReceiptWithCancels[]> {
    if (paymentKeys.length === 0) return [];
    const receipts = await this.receipts.find({
      where: { paymentKey: In([...paymentKeys]) },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
    const cancels =
      receipts.length === 0
        ? []
        : await this.cancels.find({
            where: { receiptId: In(receipts.map((receipt) => receipt.id)) },
            order: { createdAt: 'ASC', id: 'ASC' },
          });
    return receipts.map((receipt) => ({
      ...receipt,
      cancels: cancels.filter((cancel) => cancel.receiptId === receipt.id),
    }));
  }
}
