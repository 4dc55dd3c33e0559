import { Transactional } from '@nestjs-cls/transactional';
import { Injectable } from '@nestjs/common';
import type { AuthUser } from '../auth/auth-user';
import { canSee } from '../auth/ownership';
import { DomainError } from '../common/errors';
import { idNotFound } from '../common/id-param';
import { maskIdentityNumber } from '../common/privacy/identity-number';
import { OrderPaymentsRepository } from '../payments/order-payments.repository';
import type { Payment } from '../payments/payment.entity';
import { PaymentsRepository } from '../payments/payments.repository';
import type { CashReceiptType } from '../toss/cash-receipt.types';
import { issueKey, receiptExists, receiptOrderId, whyNoReceipt } from './cash-receipt-rules';
import { CashReceiptSettlement } from './cash-receipt-settlement';
import { requestedView, windowView } from './cash-receipt-view';
import type { CashReceiptResponseDto } from './dto/cash-receipt.dto';
import type { CashReceipt } from './cash-receipt.entity';
import { CashReceiptsRepository } from './cash-receipts.repository';
import { IdentityNumberVault } from './identity-number-vault';

export interface CashReceiptRequest {
  type: CashReceiptType;
  /** Digits only; sealed at once, never logged or answered. */
  identityNumber: string;
}

type Begun =
  | { kind: 'existing'; receipt: CashReceipt }
  | { kind: 'call'; receipt: CashReceipt; payment: Payment };

/**
 * Cash receipts a payment's owner (or an admin) asks for after paying by virtual account or
 * transfer: at most one active per payment, for the payment's balance, issued through Toss's cash
 * receipt API (CashReceiptSettlement).
 */
@Injectable()
export class CashReceiptsService {
  constructor(
    private readonly orders: OrderPaymentsRepository,
    private readonly payments: PaymentsRepository,
    private readonly receipts: CashReceiptsRepository,
    private readonly settlement: CashReceiptSettlement,
    private readonly vault: IdentityNumberVault,
  ) {}

  /**
   * Requests a receipt. `created` is false when the same type and number were already asked for
   * (a repeated click): that receipt is answered as it is, and Toss is not called again.
   */
  async request(
    user: AuthUser,
    paymentKey: string,
    request: CashReceiptRequest,
  ): Promise<{ created: boolean; receipt: CashReceiptResponseDto }> {
    const begun = await this.begin(user, paymentKey, request);
    if (begun.kind === 'existing') return { created: false, receipt: requestedView(begun.receipt) };
    const issued = await this.settlement.issue(begun.receipt, 'cash-receipt', {
      identityNumber: request.identityNumber,
      payment: begun.payment,
    });
    return { created: true, receipt: requestedView(issued) };
  }

  /** The payment's receipt: the newest one requested, else the one the payment window issued. */
  async get(user: AuthUser, paymentKey: string): Promise<CashReceiptResponseDto> {
    const payment = await this.visiblePayment(user, paymentKey);
    const requested = await this.receipts.newestFor(paymentKey);
    if (requested) return requestedView(requested);
    const window = windowView(payment);
    if (window) return window;
    throw new DomainError('CASH_RECEIPT_NOT_FOUND', 'This payment has no cash receipt.');
  }

  /**
   * Under the order's row lock: the payment's checks and its balance, then the REQUESTED row with
   * its Toss orderId and Idempotency-Key, committed before Toss is called.
   */
  @Transactional()
  private async begin(
    user: AuthUser,
    paymentKey: string,
    request: CashReceiptRequest,
  ): Promise<Begun> {
    const order = await this.orders.findByPaymentKeyForUpdate(paymentKey);
    const payment = order && (await this.payments.findPayment(paymentKey));
    if (!order || !payment || !canSee(user, order)) throw idNotFound('payment');

    const active = await this.receipts.activeWithHash(paymentKey);
    if (active) {
      const same =
        active.type === request.type &&
        this.vault
          .hashes(paymentKey, request.identityNumber)
          .some((hash) => hash.equals(active.identityHash));
      if (same) return { kind: 'existing', receipt: active };
    }
    const refusal = whyNoReceipt(payment);
    if (refusal) throw refusal;
    if (active) throw receiptExists(active.id);

    const id = crypto.randomUUID();
    const sealed = this.vault.seal(paymentKey, request.identityNumber);
    const receipt = await this.receipts.insert({
      id,
      paymentKey,
      orderId: order.orderId,
      tossOrderId: receiptOrderId(order.orderId, (await this.receipts.countFor(paymentKey)) + 1),
      type: request.type,
      identityKeyId: sealed.keyId,
      identityCiphertext: sealed.ciphertext,
      identityIv: sealed.iv,
      identityTag: sealed.tag,
      identityHash: sealed.hash,
      identityMasked: maskIdentityNumber(request.identityNumber),
      // The balance read under the order's lock: a refund recorded meanwhile has lowered it.
      amount: payment.balanceAmount,
      taxFreeAmount: payment.taxFreeAmount,
      canceledAmount: 0,
      status: 'REQUESTED',
      issueStatus: null,
      receiptKey: null,
      issueNumber: null,
      receiptUrl: null,
      // Derived from the row, stored with it before Toss is called (docs/architecture.md).
      idempotencyKey: issueKey(id),
      failureCode: null,
      failureMessage: null,
      nextCheckAt: null,
      requestedBy: user.id,
    });
    return { kind: 'call', receipt, payment };
  }

  private async visiblePayment(user: AuthUser, paymentKey: string): Promise<Payment> {
    const payment = await this.payments.findPayment(paymentKey);
    const order = payment && (await this.orders.findById(payment.orderId));
    if (!payment || !order || !canSee(user, order)) throw idNotFound('payment');
    return payment;
  }
}
