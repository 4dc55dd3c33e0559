/**
 * Toss's cash receipt API (현금영수증, https://docs.tosspayments.com/reference#현금영수증), version
 * 2022-11-16, as far as we read it. Open types like toss.types.ts: Toss adds fields and values.
 */

/** 소득공제 (a person: phone or 현금영수증 card number) or 지출증빙 (a business registration number). */
export const CASH_RECEIPT_TYPES = ['소득공제', '지출증빙'] as const;
export type CashReceiptType = (typeof CASH_RECEIPT_TYPES)[number];

/** The National Tax Service's outcome, known a day or two after the request. */
export const CASH_RECEIPT_ISSUE_STATUSES = ['IN_PROGRESS', 'COMPLETED', 'FAILED'] as const;
export type CashReceiptIssueStatus = (typeof CASH_RECEIPT_ISSUE_STATUSES)[number] | (string & {});

/** `POST /v1/cash-receipts`. */
export interface IssueCashReceiptRequest {
  amount: number;
  orderId: string;
  orderName: string;
  type: CashReceiptType;
  /** Digits only. A secret of the buyer: never logged, never answered unmasked. */
  customerIdentityNumber: string;
  /** The tax-free part (Toss applies it on tax-free or mixed-taxation contracts only). */
  taxFreeAmount?: number;
}

/** `POST /v1/cash-receipts/{receiptKey}/cancel`: no amount cancels the whole receipt. */
export interface CancelCashReceiptRequest {
  amount?: number;
}

/** Toss's CashReceipt object: an issue (CONFIRM) or a cancel (CANCEL, its receiptKey prefixed c_). */
export interface TossCashReceipt {
  receiptKey: string;
  issueNumber?: string | null;
  issueStatus: CashReceiptIssueStatus;
  amount: number;
  taxFreeAmount?: number;
  orderId: string;
  orderName?: string;
  type?: string;
  transactionType: 'CONFIRM' | 'CANCEL' | (string & {});
  businessNumber?: string;
  /** As Toss echoes it: masked before it is stored or logged anywhere. */
  customerIdentityNumber?: string;
  failure?: { code?: string; message?: string } | null;
  requestedAt?: string | null;
  approvedAt?: string | null;
  canceledAt?: string | null;
  receiptUrl?: string | null;
  [field: string]: unknown;
}

/** `GET /v1/cash-receipts?requestDate=yyyy-MM-dd&cursor&limit`: one page of a day's receipts. */
export interface TossCashReceiptPage {
  hasNext: boolean;
  lastCursor: number | null;
  data: TossCashReceipt[];
}

export interface ListCashReceiptsQuery {
  /** yyyy-MM-dd (Korea's calendar). */
  requestDate: string;
  /** The previous page's lastCursor. */
  cursor?: number;
  /** 1 to 10000; Toss's default is 100. */
  limit?: number;
}
