import type { CancelDto, PaymentResponseDto, TossCallDto } from './dto/payment.dto';
import type { Payment } from './payment.entity';
import { cancelTaxFree } from './payment-snapshot';
import type { TossCall } from './toss-call.entity';

function pick<T extends object>(
  source: object | null | undefined,
  keys: (keyof T)[],
): T | undefined {
  if (!source) return undefined;
  const out: Partial<T> = {};
  for (const key of keys) {
    const value = (source as Record<string, unknown>)[key as string];
    if (value !== undefined && value !== null)
      (out as Record<string, unknown>)[key as string] = value;
  }
  return out as T;
}

/** Only the contract's fields: never the VA secret, never the raw Toss payload. */
export function toPaymentResponse(payment: Payment, calls?: TossCall[]): PaymentResponseDto {
  const response: PaymentResponseDto = {
    paymentKey: payment.paymentKey,
    orderId: payment.orderId,
    status: payment.status,
    method: payment.method,
    totalAmount: payment.totalAmount,
    balanceAmount: payment.balanceAmount,
    taxFreeAmount: payment.taxFreeAmount,
    cancels: (payment.cancels ?? []).map((cancel): CancelDto => ({
      cancelAmount: cancel.cancelAmount,
      taxFreeAmount: cancelTaxFree(cancel),
      cancelReason: cancel.cancelReason,
      canceledAt: cancel.canceledAt,
      transactionKey: cancel.transactionKey,
    })),
  };
  if (payment.vat !== null) response.vat = payment.vat;
  if (payment.suppliedAmount !== null) response.suppliedAmount = payment.suppliedAmount;
  if (payment.approvedAt)
    response.approvedAt = payment.raw?.approvedAt ?? payment.approvedAt.toISOString();
  if (payment.requestedAt)
    response.requestedAt = payment.raw?.requestedAt ?? payment.requestedAt.toISOString();
  if (payment.receiptUrl) response.receiptUrl = payment.receiptUrl;
  const card = pick(payment.card, ['issuerCode', 'number', 'installmentPlanMonths', 'approveNo']);
  if (card) response.card = card;
  const account = pick(payment.virtualAccount, [
    'accountNumber',
    'bankCode',
    'customerName',
    'dueDate',
  ]);
  if (account) response.virtualAccount = account;
  const transfer = pick(payment.transfer, ['bankCode']);
  if (transfer) response.transfer = transfer;
  const phone = pick(payment.mobilePhone, ['customerMobilePhone']);
  if (phone) response.mobilePhone = phone;
  const easyPay = pick(payment.easyPay, ['provider', 'amount']);
  if (easyPay) response.easyPay = easyPay;
  if (calls) response.attempts = calls.map(toTossCallResponse);
  return response;
}

function toTossCallResponse(call: TossCall): TossCallDto {
  return {
    operation: call.operation,
    caller: call.caller,
    ...(call.idempotencyKey && { idempotencyKey: call.idempotencyKey }),
    ...(call.httpStatus !== null && { httpStatus: call.httpStatus }),
    ...(call.code && { code: call.code }),
    outcome: call.outcome,
    durationMs: call.durationMs,
    createdAt: call.createdAt,
  };
}
