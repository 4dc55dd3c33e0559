/**
 * Toss's wire types (core API, version 2022-11-16), as far as we read them. Toss adds fields and
 * enum values without a version bump, so every type is open: unknown fields are kept, and status
 * and method are plain strings with the known values listed for reference.
 */
export type TossPaymentStatus =
  | 'READY'
  | 'IN_PROGRESS'
  | 'WAITING_FOR_DEPOSIT'
  | 'DONE'
  | 'CANCELED'
  | 'PARTIAL_CANCELED'
  | 'ABORTED'
  | 'EXPIRED'
  | (string & {});

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
  method: string | null;
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

export type TossOperation = 'confirm' | 'get' | 'getByOrderId' | 'cancel';
