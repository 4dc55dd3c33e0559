import { maskIdentityNumber } from '../common/privacy/identity-number';
import type { Payment } from '../payments/payment.entity';
import { tossAmount } from '../toss/toss-amount';
import { windowReceipt } from './cash-receipt-rules';
import type { CashReceipt } from './cash-receipt.entity';
import type { CashReceiptResponseDto } from './dto/cash-receipt.dto';

/**
 * Receipts as answered: never the identity number, only its masked form. A requested one from
 * our row; the payment window's from Toss's Payment.
 */
export function requestedView(receipt: CashReceipt): CashReceiptResponseDto {
  return {
    id: receipt.id,
    source: 'REQUESTED',
    type: receipt.type,
    identityNumber: receipt.identityMasked,
    amount: receipt.amount,
    taxFreeAmount: receipt.taxFreeAmount,
    canceledAmount: receipt.canceledAmount,
    status: receipt.status,
    issueStatus: receipt.issueStatus,
    issueNumber: receipt.issueNumber,
    receiptUrl: receipt.receiptUrl,
    ...(receipt.failureCode !== null && {
      failure: { code: receipt.failureCode, message: receipt.failureMessage ?? '' },
    }),
    requestedAt: receipt.createdAt.toISOString(),
  };
}

type Entry = Record<string, unknown>;

/**
 * The receipt the payment window issued, from Toss's Payment: `cashReceipt` (what Toss keeps on
 * the payment) and `cashReceipts` (its issue and cancels, stored with the number masked). Toss
 * cancels it with the payment's refunds by itself; its canceled amount is the sum of those cancels.
 */
export function windowView(payment: Payment): CashReceiptResponseDto | null {
  const receipt = windowReceipt(payment);
  if (!receipt) return null;
  const entries = (payment.raw.cashReceipts ?? []).filter(isEntry);
  const issue =
    entries.find(
      (entry) =>
        entry.transactionType === 'CONFIRM' &&
        (receipt.receiptKey === undefined || entry.receiptKey === receipt.receiptKey),
    ) ?? entries.find((entry) => entry.transactionType === 'CONFIRM');
  const canceledAmount = entries
    .filter((entry) => entry.transactionType === 'CANCEL')
    .reduce((sum, entry) => sum + (tossAmount(entry.amount) ?? 0), 0);
  const amount = tossAmount(issue?.amount) ?? tossAmount(receipt.amount) ?? 0;
  const issueStatus = text(issue?.issueStatus);
  const failure = issue?.failure as { code?: unknown; message?: unknown } | null | undefined;
  return {
    id: null,
    source: 'PAYMENT_WINDOW',
    type: receipt.type,
    identityNumber: shownIdentity(issue?.customerIdentityNumber ?? issue?.registrationNumber),
    amount,
    taxFreeAmount: tossAmount(issue?.taxFreeAmount) ?? tossAmount(receipt.taxFreeAmount) ?? 0,
    canceledAmount,
    status:
      issueStatus === 'FAILED'
        ? 'FAILED'
        : amount > 0 && canceledAmount >= amount
          ? 'CANCELED'
          : 'ISSUED',
    issueStatus,
    issueNumber: text(receipt.issueNumber) ?? text(issue?.issueNumber),
    receiptUrl: text(receipt.receiptUrl) ?? text(issue?.receiptUrl),
    ...(failure &&
      typeof failure.code === 'string' && {
        failure: { code: failure.code, message: text(failure.message) ?? '' },
      }),
    requestedAt:
      isoOf(issue?.requestedAt) ?? (payment.approvedAt ?? payment.createdAt).toISOString(),
  };
}

/**
 * An identity number as it may be shown: stored copies are masked already ('*******5678'); one
 * that still shows more than its last four digits is masked here, never answered as it is.
 */
export function shownIdentity(value: unknown): string | null {
  if (typeof value !== 'string' || value === '') return null;
  return value.replace(/\D/g, '').length <= 4 ? value : maskIdentityNumber(value);
}

function isEntry(value: unknown): value is Entry {
  return typeof value === 'object' && value !== null;
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

function isoOf(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : new Date(at).toISOString();
}
