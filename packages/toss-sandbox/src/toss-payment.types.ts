/** Wire shapes of Toss's core API (version 2022-11-16) as the sandbox serves them (docs/toss.md §3). */
import type { CashReceiptType, TossCashReceiptJson } from './cash-receipt-rules';

export const TOSS_API_VERSION = '2022-11-16';
/** Toss's public test MID. */
export const SANDBOX_MID = 'tvivarepublica';

export type TossPaymentStatus =
  | 'READY'
  | 'IN_PROGRESS'
  | 'WAITING_FOR_DEPOSIT'
  | 'DONE'
  | 'CANCELED'
  | 'PARTIAL_CANCELED'
  | 'ABORTED'
  | 'EXPIRED';

/** NORMAL: paid through the payment window; BILLING: charged with a billing key (자동결제). */
export type TossPaymentType = 'NORMAL' | 'BILLING';

/** The Payment.method values the sandbox emulates. */
export type SandboxMethod = '카드' | '가상계좌' | '계좌이체' | '휴대폰' | '간편결제';

export const METHOD_NAMES: Record<string, SandboxMethod> = {
  CARD: '카드',
  VIRTUAL_ACCOUNT: '가상계좌',
  TRANSFER: '계좌이체',
  MOBILE_PHONE: '휴대폰',
  EASY_PAY: '간편결제',
  카드: '카드',
  가상계좌: '가상계좌',
  계좌이체: '계좌이체',
  휴대폰: '휴대폰',
  간편결제: '간편결제',
};

export interface TossCard {
  amount: number;
  issuerCode: string;
  acquirerCode: string | null;
  number: string;
  installmentPlanMonths: number;
  approveNo: string;
  useCardPoint: boolean;
  cardType: string;
  ownerType: string;
  acquireStatus: 'READY' | 'REQUESTED' | 'COMPLETED' | 'CANCEL_REQUESTED' | 'CANCELED';
  isInterestFree: boolean;
  interestPayer: string | null;
}

export interface TossVirtualAccount {
  accountType: '일반' | '고정';
  accountNumber: string;
  bankCode: string;
  customerName: string;
  depositorName: string | null;
  dueDate: string;
  refundStatus: 'NONE' | 'PENDING' | 'FAILED' | 'PARTIAL_FAILED' | 'COMPLETED';
  expired: boolean;
  settlementStatus: 'INCOMPLETED' | 'COMPLETED';
  refundReceiveAccount: null;
}

export interface TossTransfer {
  bankCode: string;
  settlementStatus: 'INCOMPLETED' | 'COMPLETED';
}

export interface TossMobilePhone {
  customerMobilePhone: string;
  settlementStatus: 'INCOMPLETED' | 'COMPLETED';
  receiptUrl: string;
}

export interface TossEasyPay {
  provider: string;
  amount: number;
  discountAmount: number;
}

/** What the sandbox keeps per method; `virtualAccountBank` is the bank chosen before issue. */
export interface MethodDetails {
  card?: TossCard;
  virtualAccount?: TossVirtualAccount;
  virtualAccountBank?: string;
  transfer?: TossTransfer;
  mobilePhone?: TossMobilePhone;
  easyPay?: TossEasyPay;
}

export interface TossCancel {
  cancelAmount: number;
  cancelReason: string;
  taxFreeAmount: number;
  taxExemptionAmount: number;
  refundableAmount: number;
  cardDiscountAmount: number;
  transferDiscountAmount: number;
  easyPayDiscountAmount: number;
  canceledAt: string;
  transactionKey: string;
  receiptKey: string | null;
  cancelStatus: 'DONE';
  cancelRequestId: string | null;
}

/** Payment.cashReceipt: the receipt issued with a transfer or virtual-account payment. */
export interface TossPaymentCashReceipt {
  type: CashReceiptType;
  receiptKey: string;
  issueNumber: string;
  receiptUrl: string;
  amount: number;
  taxFreeAmount: number;
}

export interface TossFailure {
  code: string;
  message: string;
}

export interface TossPaymentJson {
  mId: string;
  lastTransactionKey: string | null;
  paymentKey: string;
  orderId: string;
  orderName: string;
  taxExemptionAmount: number;
  status: TossPaymentStatus;
  requestedAt: string;
  approvedAt: string | null;
  useEscrow: boolean;
  cultureExpense: boolean;
  card: TossCard | null;
  virtualAccount: TossVirtualAccount | null;
  transfer: TossTransfer | null;
  mobilePhone: TossMobilePhone | null;
  giftCertificate: null;
  cashReceipt: TossPaymentCashReceipt | null;
  /** The issue and its cancels (CashReceipt objects), oldest first. */
  cashReceipts: TossCashReceiptJson[] | null;
  discount: null;
  cancels: TossCancel[] | null;
  secret: string | null;
  type: TossPaymentType;
  easyPay: TossEasyPay | null;
  country: 'KR';
  failure: TossFailure | null;
  isPartialCancelable: boolean;
  receipt: { url: string } | null;
  checkout: { url: string };
  currency: 'KRW';
  totalAmount: number;
  balanceAmount: number;
  suppliedAmount: number;
  vat: number;
  taxFreeAmount: number;
  method: SandboxMethod | null;
  version: string;
  /** requestPayment's metadata as given, or null. */
  metadata: Record<string, string> | null;
}

/** The card a billing key charges: Billing.card (version 2022-11-16's cardCompany/cardNumber left out). */
export interface TossBillingCard {
  issuerCode: string;
  acquirerCode: string;
  /** Masked, at most 20 characters. */
  number: string;
  cardType: string;
  ownerType: string;
}

/** Toss's Billing object: POST /v1/billing/authorizations/issue's answer (the only time the key is given). */
export interface TossBillingJson {
  mId: string;
  customerKey: string;
  authenticatedAt: string;
  method: '카드';
  billingKey: string;
  card: TossBillingCard;
}
