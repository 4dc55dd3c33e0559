import type { TossCashReceiptJson } from './cash-receipt-rules';
import type { SandboxPayment } from './sandbox-payment.entity';
import type { SandboxTransaction } from './sandbox-transaction.entity';
import { toKstIso } from './toss-format';
import {
  SANDBOX_MID,
  TOSS_API_VERSION,
  TossCancel,
  TossPaymentCashReceipt,
  TossPaymentJson,
} from './toss-payment.types';

/** Statuses in which a payment has been paid at least once, so a receipt exists. */
const RECEIPTED = new Set(['DONE', 'CANCELED', 'PARTIAL_CANCELED']);

/**
 * The Payment object (docs/toss.md §3) for a stored payment, its cancel transactions and the cash
 * receipts issued with it (both oldest first).
 */
export function toTossPayment(
  payment: SandboxPayment,
  cancels: SandboxTransaction[],
  receipts: TossCashReceiptJson[] = [],
): TossPaymentJson {
  const d = payment.details;
  const { taxFreeAmount, vat, suppliedAmount } = taxBreakdown(
    payment.balanceAmount,
    taxFreeBalanceOf(payment, cancels),
  );
  const issue = receipts.find((r) => r.transactionType === 'CONFIRM');
  return {
    mId: SANDBOX_MID,
    lastTransactionKey: payment.lastTransactionKey,
    paymentKey: payment.paymentKey,
    orderId: payment.orderId,
    orderName: payment.orderName,
    taxExemptionAmount: 0,
    status: payment.status,
    requestedAt: toKstIso(payment.requestedAt),
    approvedAt: payment.approvedAt ? toKstIso(payment.approvedAt) : null,
    useEscrow: false,
    cultureExpense: false,
    card: d.card ?? null,
    virtualAccount: d.virtualAccount ?? null,
    transfer: d.transfer ?? null,
    mobilePhone: d.mobilePhone ?? null,
    giftCertificate: null,
    cashReceipt: issue ? paymentCashReceipt(issue) : null,
    cashReceipts: receipts.length > 0 ? receipts : null,
    discount: null,
    cancels: cancels.length > 0 ? cancels.map(toTossCancel) : null,
    secret: payment.secret,
    type: payment.type,
    easyPay: d.easyPay ?? null,
    country: 'KR',
    failure: payment.failureCode
      ? { code: payment.failureCode, message: payment.failureMessage ?? '' }
      : null,
    isPartialCancelable: true,
    receipt: RECEIPTED.has(payment.status)
      ? {
          url: `https://dashboard.tosspayments.com/receipt/redirection?transactionId=${payment.paymentKey}&ref=PX`,
        }
      : null,
    checkout: { url: `https://api.tosspayments.com/v1/payments/${payment.paymentKey}/checkout` },
    currency: 'KRW',
    totalAmount: payment.totalAmount,
    balanceAmount: payment.balanceAmount,
    suppliedAmount,
    vat,
    taxFreeAmount,
    method: payment.method,
    version: TOSS_API_VERSION,
    metadata: d.metadata ?? null,
  };
}

/** The tax-free part not cancelled yet: the payment's, less its cancels' tax-free parts. */
export function taxFreeBalanceOf(
  payment: Pick<SandboxPayment, 'details'>,
  cancels: Pick<SandboxTransaction, 'taxFreeAmount'>[],
): number {
  return cancels.reduce((left, c) => left - c.taxFreeAmount, payment.details.taxFreeAmount ?? 0);
}

/** Payment.cashReceipt: the issue's summary (what was issued; cancels are in cashReceipts). */
function paymentCashReceipt(issue: TossCashReceiptJson): TossPaymentCashReceipt {
  return {
    type: issue.type,
    receiptKey: issue.receiptKey,
    issueNumber: issue.issueNumber,
    receiptUrl: issue.receiptUrl,
    amount: issue.amount,
    taxFreeAmount: issue.taxFreeAmount,
  };
}

/**
 * Payment.vat, suppliedAmount and taxFreeAmount of what is still charged (balanceAmount, of which
 * `taxFree` is tax-free): vat = round((amount − taxFreeAmount) / 11), suppliedAmount = amount −
 * taxFreeAmount − vat (the Payment object, https://docs.tosspayments.com/reference).
 */
export function taxBreakdown(
  balanceAmount: number,
  taxFree: number,
): { taxFreeAmount: number; vat: number; suppliedAmount: number } {
  const taxFreeAmount = Math.min(taxFree, balanceAmount);
  const taxable = balanceAmount - taxFreeAmount;
  const vat = Math.round(taxable / 11);
  return { taxFreeAmount, vat, suppliedAmount: taxable - vat };
}

function toTossCancel(tx: SandboxTransaction): TossCancel {
  return {
    cancelAmount: tx.amount,
    cancelReason: tx.cancelReason ?? '',
    taxFreeAmount: tx.taxFreeAmount,
    taxExemptionAmount: 0,
    refundableAmount: tx.refundableAmount ?? 0,
    cardDiscountAmount: 0,
    transferDiscountAmount: 0,
    easyPayDiscountAmount: 0,
    canceledAt: toKstIso(tx.transactionAt),
    transactionKey: tx.transactionKey,
    receiptKey: tx.receiptKey,
    cancelStatus: 'DONE',
    cancelRequestId: null,
  };
}
