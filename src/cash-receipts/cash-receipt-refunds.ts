import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { RefundDone, RefundFollowers } from '../payments/refund-followers';
import { cancelableAmount, cancelKey } from './cash-receipt-rules';
import { CashReceiptSettlement } from './cash-receipt-settlement';
import { CashReceiptsRepository } from './cash-receipts.repository';

/**
 * A refund of a payment with a requested cash receipt cancels the refunded amount of the receipt
 * at Toss (Toss cancels a receipt issued in the payment window by itself). The cancel is written
 * with the refund (RefundFollowers.recorded, under the order's lock) and called right after it;
 * the sweeper settles what that call left unseen.
 */
@Injectable()
export class CashReceiptRefunds implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(CashReceiptRefunds.name);
  private unregister?: () => void;

  constructor(
    private readonly followers: RefundFollowers,
    private readonly receipts: CashReceiptsRepository,
    private readonly settlement: CashReceiptSettlement,
  ) {}

  onModuleInit(): void {
    this.unregister = this.followers.register({
      name: 'cash receipts',
      recorded: (refund) => this.recorded(refund),
      settle: (refund) => this.settle(refund),
    });
  }

  onModuleDestroy(): void {
    this.unregister?.();
  }

  /** In the refund's transaction: the cancel of the payment's active receipt, REQUESTED. */
  async recorded(refund: RefundDone): Promise<void> {
    const receipt = await this.receipts.activeFor(refund.paymentKey);
    if (!receipt) return;
    const pending = (await this.receipts.cancelsOf(receipt.id))
      .filter((cancel) => cancel.status === 'REQUESTED')
      .reduce((sum, cancel) => sum + cancel.amount, 0);
    const left = cancelableAmount(receipt, pending);
    const amount = Math.min(refund.amount, left);
    if (amount < refund.amount)
      this.logger.warn(
        `refund ${refund.refundId} of ${refund.paymentKey}: ${refund.amount} refunded, only ${left} left on cash receipt ${receipt.id}; canceling that`,
      );
    if (amount <= 0) return;
    await this.receipts.insertCancel({
      id: crypto.randomUUID(),
      receiptId: receipt.id,
      refundId: refund.refundId,
      amount,
      taxFreeAmount: Math.min(refund.taxFreeAmount, amount),
      idempotencyKey: cancelKey(refund.refundId),
      status: 'REQUESTED',
      cancelReceiptKey: null,
      failureCode: null,
      failureMessage: null,
      nextCheckAt: null,
    });
  }

  /** After the refund's transaction: the cancel at Toss (the sweeper retries what this leaves). */
  async settle(refund: RefundDone): Promise<void> {
    const cancel = await this.receipts.findCancelByRefund(refund.refundId);
    if (cancel && cancel.status === 'REQUESTED')
      await this.settlement.settleCancelQuietly(cancel.id, 'refund');
  }
}
