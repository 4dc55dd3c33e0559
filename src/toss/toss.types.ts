/**
 * Toss's wire types (core API, version 2022-11-16), as far as we read them. Toss adds fields and
 * enum values without a version bump, so every type is open: unknown fields are kept, and status
 * and method are plain strings with the known values listed (docs/toss.md §3).
 */

/** The payment statuses Toss documents (docs/toss.md §3); the API contract lists these. */
export const TOSS_PAYMENT_STATUSES = [
  'READY',
  'IN_PROGRESS',
  'WAITING_FOR_DEPOSIT',
  'DONE',
  'CANCELED',
  'PARTIAL_CANCELED',
  'ABORTED',
  'EXPIRED',
] as const;

export type TossPaymentStatus = (typeof TOSS_PAYMENT_STATUSES)[number] | (string & {});

/** Payment.method as Toss sends it, in Korean (https://docs.tosspayments.com/reference#payment-객체). */
export const TOSS_PAYMENT_METHODS = [
  '카드',
  '가상계좌',
  '간편결제',
  '휴대폰',
  '계좌이체',
  '문화상품권',
  '도서문화상품권',
  '게임문화상품권',
] as const;

export type TossPaymentMethod = (typeof TOSS_PAYMENT_METHODS)[number] | (string & {});

/** The `paymentType` Toss's window puts on the successUrl (docs/toss.md §8). */
export const TOSS_PAYMENT_TYPES = ['NORMAL', 'BRANDPAY', 'KEYIN'] as const;
export type TossPaymentType = (typeof TOSS_PAYMENT_TYPES)[number];

export interface TossCancel {
  cancelAmount: number;
  cancelReason: string;
  canceledAt: string;
  transactionKey: string;
  cancelStatus?: string;
  refundableAmount?: number;
  /** The tax-free part of this cancel (0 when none was sent). */
  taxFreeAmount?: number;
  /** A payment with a receipt issued in the window: the cash receipt of this cancel. */
  receiptKey?: string | null;
  [field: string]: unknown;
}

/** Payment.cashReceipt: the receipt issued with the payment (window option), not one issued later. */
export interface TossPaymentCashReceipt {
  type?: string;
  receiptKey?: string;
  issueNumber?: string;
  receiptUrl?: string;
  amount?: number;
  taxFreeAmount?: number;
  [field: string]: unknown;
}

export interface TossPayment {
  paymentKey: string;
  orderId: string;
  orderName?: string;
  status: TossPaymentStatus;
  method: TossPaymentMethod | null;
  totalAmount: number;
  balanceAmount: number;
  currency?: string;
  requestedAt?: string | null;
  approvedAt?: string | null;
  lastTransactionKey?: string | null;
  isPartialCancelable?: boolean;
  secret?: string | null;
  card?: {
    issuerCode?: string;
    number?: string;
    installmentPlanMonths?: number;
    approveNo?: string;
    [field: string]: unknown;
  } | null;
  virtualAccount?: {
    accountNumber?: string;
    bankCode?: string;
    customerName?: string;
    dueDate?: string;
    expired?: boolean;
    [field: string]: unknown;
  } | null;
  transfer?: { bankCode?: string; [field: string]: unknown } | null;
  mobilePhone?: { customerMobilePhone?: string; [field: string]: unknown } | null;
  easyPay?: {
    provider?: string;
    amount?: number;
    discountAmount?: number;
    [field: string]: unknown;
  } | null;
  receipt?: { url?: string } | null;
  failure?: { code?: string; message?: string } | null;
  cancels?: TossCancel[] | null;
  /** What is still charged: the tax-free part, the VAT and the supplied value (docs/toss.md, "Tax-free amounts"). */
  taxFreeAmount?: number;
  vat?: number;
  suppliedAmount?: number;
  cashReceipt?: TossPaymentCashReceipt | null;
  /** The history of that receipt (issue and cancels), in no given order; CashReceipt objects. */
  cashReceipts?: Record<string, unknown>[] | null;
  [field: string]: unknown;
}

export interface ConfirmRequest {
  paymentKey: string;
  orderId: string;
  amount: number;
}

export interface CancelRequest {
  cancelReason: string;
  cancelAmount?: number;
  /** The tax-free part of the cancel; Toss counts the whole cancel as taxable without it. */
  taxFreeAmount?: number;
  refundReceiveAccount?: { bank: string; accountNumber: string; holderName: string };
}

/**
 * Billing (자동결제): the Billing object `POST /v1/billing/authorizations/issue` answers
 * (https://docs.tosspayments.com/reference#billing-객체). The billingKey cannot be fetched again:
 * it is stored (encrypted) from this answer. Version 2022-11-16 also sends cardCompany/cardNumber,
 * removed in 2024-06-01; card.issuerCode and card.number are read instead.
 */
export interface TossBilling {
  mId?: string;
  customerKey: string;
  authenticatedAt?: string;
  method?: string;
  /** At most 200 characters. A secret: never logged, never answered, encrypted at rest. */
  billingKey: string;
  card?: {
    issuerCode?: string;
    acquirerCode?: string;
    /** Masked, at most 20 characters. */
    number?: string;
    /** 신용, 체크, 기프트. */
    cardType?: string;
    /** 개인, 법인. */
    ownerType?: string;
    [field: string]: unknown;
  } | null;
  [field: string]: unknown;
}

export interface IssueBillingKeyRequest {
  authKey: string;
  customerKey: string;
}

/**
 * `POST /v1/billing/{billingKey}` (https://docs.tosspayments.com/reference#자동결제-승인):
 * customerKey must be the one the key was issued to; orderId new per charge (6-64 of
 * [A-Za-z0-9_-]). The answer is a Payment of type BILLING; Toss sends no completion webhook.
 */
export interface ChargeBillingKeyRequest {
  customerKey: string;
  amount: number;
  orderId: string;
  orderName: string;
  customerEmail?: string;
  customerName?: string;
  /** The buyer's IP, for the card company's fraud checks; not this server's. */
  customerIp?: string;
  taxFreeAmount?: number;
  taxExemptionAmount?: number;
}

export const TOSS_OPERATIONS = [
  'confirm',
  'get',
  'getByOrderId',
  'cancel',
  'billingIssue',
  'billingCharge',
  'billingDelete',
  // The cash receipt API (cash-receipt.types.ts); at most 16 characters (toss_calls.operation).
  'receiptIssue',
  'receiptCancel',
  'receiptList',
] as const;

export type TossOperation = (typeof TOSS_OPERATIONS)[number];
