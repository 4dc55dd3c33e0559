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
  refundReceiveAccount?: { bank: string; accountNumber: string; holderName: string };
}

export const TOSS_OPERATIONS = ['confirm', 'get', 'getByOrderId', 'cancel'] as const;

export type TossOperation = (typeof TOSS_OPERATIONS)[number];
