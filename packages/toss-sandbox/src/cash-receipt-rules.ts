/**
 * The emulated Toss's cash receipts (현금영수증) as pure functions: reading the issue, cancel and
 * list requests, what a cancel may take, how a receipt's NTS outcome (issueStatus) moves, and the
 * CashReceipt object (https://docs.tosspayments.com/reference, 현금영수증).
 */
import {
  asBody,
  invalid,
  isSameKstTime,
  parseOrderId,
  parseTaxFreeAmount,
  positiveInt,
  requiredString,
} from './payment-rules';
import type { SandboxPayment } from './sandbox-payment.entity';
import { SandboxCashReceipt } from './sandbox-cash-receipt.entity';
import { tossError } from './toss-errors';
import { randomBase62, randomDigits, toKstIso } from './toss-format';

/** 소득공제: a phone or 현금영수증 card number; 지출증빙: a business registration number. */
export const CASH_RECEIPT_TYPES = ['소득공제', '지출증빙'] as const;
export type CashReceiptType = (typeof CASH_RECEIPT_TYPES)[number];
/** The payment window also offers 미발행 (no receipt). */
export const WINDOW_CASH_RECEIPT_TYPES = [...CASH_RECEIPT_TYPES, '미발행'] as const;
export type WindowCashReceiptType = (typeof WINDOW_CASH_RECEIPT_TYPES)[number];

export const ISSUE_STATUSES = ['IN_PROGRESS', 'COMPLETED', 'FAILED'] as const;
export type IssueStatus = (typeof ISSUE_STATUSES)[number];
export type CashReceiptTransactionType = 'CONFIRM' | 'CANCEL';

/**
 * The sandbox's stand-in for the NTS (국세청): a receipt is IN_PROGRESS when requested and
 * COMPLETED this long after requestedAt on the sandbox clock (Toss reports the NTS outcome after
 * 1–2 days), unless a test control decided its outcome (POST /test/cash-receipts/{receiptKey}/outcome).
 */
export const NTS_COMPLETION_MS = 60_000;
/** The merchant's business registration number (10 digits) the sandbox issues receipts under. */
const SANDBOX_BUSINESS_NUMBER = '1234567890';
/** `customerIdentityNumber`: digits only, at most 30. */
export const IDENTITY_NUMBER_PATTERN = '^[0-9]{1,30}$';
const IDENTITY_NUMBER = new RegExp(IDENTITY_NUMBER_PATTERN);
/** `requestDate` of the list: a Seoul calendar day. */
export const REQUEST_DATE_PATTERN = '^\\d{4}-\\d{2}-\\d{2}$';
const REQUEST_DATE = new RegExp(REQUEST_DATE_PATTERN);
const LIST_DEFAULT_LIMIT = 100;
export const LIST_MAX_LIMIT = 10_000;

export interface CashReceiptFailure {
  code: string;
  message: string;
}

/** Toss's CashReceipt object (API version 2022-07-27 and later). */
export interface TossCashReceiptJson {
  receiptKey: string;
  issueNumber: string;
  issueStatus: IssueStatus;
  amount: number;
  taxFreeAmount: number;
  orderId: string;
  orderName: string;
  type: CashReceiptType;
  approvalNumber: string;
  transactionType: CashReceiptTransactionType;
  businessNumber: string;
  customerIdentityNumber: string;
  failure: CashReceiptFailure | null;
  requestedAt: string;
  approvedAt: string | null;
  canceledAt: string | null;
  receiptUrl: string;
}

/** GET /v1/cash-receipts: a page of receipts and the cursor of the next. */
export interface TossCashReceiptListJson {
  hasNext: boolean;
  lastCursor: number | null;
  data: TossCashReceiptJson[];
}

// ---------------------------------------------------------------- issue

export interface IssueCashReceiptInput {
  amount: number;
  orderId: string;
  orderName: string;
  type: CashReceiptType;
  customerIdentityNumber: string;
  taxFreeAmount: number;
}

function parseType(value: unknown): CashReceiptType {
  if (typeof value !== 'string' || !(CASH_RECEIPT_TYPES as readonly string[]).includes(value))
    throw invalid('type은 소득공제 또는 지출증빙입니다.');
  return value as CashReceiptType;
}

/**
 * `customerIdentityNumber` (older name `registrationNumber`): digits only, at most 30; anything
 * else is INVALID_CASH_RECEIPT_INFO, Toss's code for receipt details it cannot issue with.
 */
function parseIdentityNumber(value: unknown): string {
  if (typeof value !== 'string' || !IDENTITY_NUMBER.test(value))
    throw tossError(
      'INVALID_CASH_RECEIPT_INFO',
      '현금영수증 발급 정보가 올바르지 않습니다. customerIdentityNumber는 숫자 1~30자입니다.',
    );
  return value;
}

/** POST /v1/cash-receipts. */
export function parseIssueCashReceipt(raw: unknown): IssueCashReceiptInput {
  const body = asBody(raw);
  const amount = positiveInt(body.amount, 'amount');
  const orderId = parseOrderId(body.orderId);
  const orderName = requiredString(body, 'orderName', 100);
  const type = parseType(body.type);
  const customerIdentityNumber = parseIdentityNumber(
    body.customerIdentityNumber ?? body.registrationNumber,
  );
  const taxFreeAmount = parseTaxFreeAmount(body.taxFreeAmount, amount);
  return { amount, orderId, orderName, type, customerIdentityNumber, taxFreeAmount };
}

// ---------------------------------------------------------------- cancel

export interface CancelCashReceiptInput {
  /** Absent: all that is left. */
  amount?: number;
}

/** POST /v1/cash-receipts/{receiptKey}/cancel. */
export function parseCancelCashReceipt(raw: unknown): CancelCashReceiptInput {
  const body = asBody(raw);
  if (body.amount === undefined || body.amount === null) return {};
  return { amount: positiveInt(body.amount, 'amount') };
}

export interface CashReceiptCancelPlan {
  amount: number;
  taxFreeAmount: number;
}

/**
 * What a cancel of an issued receipt takes, or the error. Only an issue (CONFIRM) can be
 * cancelled, up to what earlier cancels left. Toss's request has no tax-free part: the sandbox
 * takes it in proportion to what is left (rounded), and all of it with the last won — a guess.
 */
export function planCashReceiptCancel(
  receipt: Pick<
    SandboxCashReceipt,
    'transactionType' | 'amount' | 'taxFreeAmount' | 'canceledAmount' | 'canceledTaxFreeAmount'
  > | null,
  input: CancelCashReceiptInput,
): CashReceiptCancelPlan {
  if (!receipt || receipt.transactionType !== 'CONFIRM') throw tossError('NOT_FOUND');
  const left = receipt.amount - receipt.canceledAmount;
  const taxFreeLeft = receipt.taxFreeAmount - receipt.canceledTaxFreeAmount;
  if (left === 0) throw invalid('이미 전액 취소된 현금영수증입니다.');
  const amount = input.amount ?? left;
  if (amount > left) throw invalid(`취소 금액(amount)이 취소 가능 금액 ${left}원을 넘습니다.`);
  const taxFreeAmount = amount === left ? taxFreeLeft : Math.round((amount * taxFreeLeft) / left);
  return { amount, taxFreeAmount };
}

// ---------------------------------------------------------------- list

export interface ListCashReceiptsInput {
  /** The Seoul calendar day's bounds: [from, to). */
  from: Date;
  to: Date;
  /** Receipts after this cursor (exclusive); absent: from the first. */
  cursor?: number;
  limit: number;
}

/** GET /v1/cash-receipts?requestDate=yyyy-MM-dd&cursor&limit. */
export function parseListCashReceipts(query: Record<string, unknown>): ListCashReceiptsInput {
  const requestDate = query.requestDate;
  const midnight = `${String(requestDate)}T00:00:00`;
  const from = new Date(`${midnight}+09:00`);
  if (
    typeof requestDate !== 'string' ||
    !REQUEST_DATE.test(requestDate) ||
    !isSameKstTime(from, midnight)
  )
    throw invalid('requestDate는 yyyy-MM-dd 형식의 날짜입니다.');
  const to = new Date(from.getTime() + 24 * 3600_000);
  const cursor = optionalQueryInt(query.cursor, 'cursor', 0, Number.MAX_SAFE_INTEGER);
  const limit = optionalQueryInt(query.limit, 'limit', 1, LIST_MAX_LIMIT) ?? LIST_DEFAULT_LIMIT;
  return { from, to, cursor, limit };
}

function optionalQueryInt(value: unknown, field: string, min: number, max: number) {
  if (value === undefined || value === '') return undefined;
  const n = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max)
    throw invalid(`${field}는 ${min}~${max} 정수입니다.`);
  return n;
}

/** A page of `limit` from rows read with one extra (`limit + 1`) to tell whether more follow. */
export function listPage(
  rows: SandboxCashReceipt[],
  limit: number,
  now: Date,
): TossCashReceiptListJson {
  const page = rows.slice(0, limit);
  return {
    hasNext: rows.length > limit,
    lastCursor: page.length > 0 ? Number(page[page.length - 1].id) : null,
    data: page.map((r) => toTossCashReceipt(r, now)),
  };
}

// ---------------------------------------------------------------- the NTS outcome (test control)

export interface ReceiptOutcome {
  issueStatus: IssueStatus;
  failure: CashReceiptFailure | null;
}

/** Toss's failure of an NTS refusal when the test control names none ([XXX]: undefined error). */
const DEFAULT_NTS_FAILURE: CashReceiptFailure = {
  code: 'NTS_ERROR',
  message: '[XXX] 국세청 처리 중 정의되지 않은 오류가 발생했습니다.',
};

/**
 * POST /test/cash-receipts/{receiptKey}/outcome `{issueStatus, failure?}`: what the NTS made of the
 * receipt from now on (IN_PROGRESS holds it there); FAILED carries `failure` (default NTS_ERROR).
 */
export function parseReceiptOutcome(raw: unknown): ReceiptOutcome {
  const body = asBody(raw);
  if (
    typeof body.issueStatus !== 'string' ||
    !(ISSUE_STATUSES as readonly string[]).includes(body.issueStatus)
  )
    throw invalid('issueStatus는 IN_PROGRESS, COMPLETED, FAILED 중 하나입니다.');
  const issueStatus = body.issueStatus as IssueStatus;
  if (issueStatus !== 'FAILED') {
    if (body.failure !== undefined && body.failure !== null)
      throw invalid('failure는 FAILED에만 씁니다.');
    return { issueStatus, failure: null };
  }
  if (body.failure === undefined || body.failure === null)
    return { issueStatus, failure: DEFAULT_NTS_FAILURE };
  const failure = asBody(body.failure);
  const code = failure.code;
  const message = failure.message;
  if (typeof code !== 'string' || !/^[A-Z][A-Z0-9_]{0,63}$/.test(code))
    throw invalid('failure.code는 UPPER_SNAKE 코드입니다.');
  if (typeof message !== 'string' || message.length < 1 || message.length > 510)
    throw invalid('failure.message는 1~510자입니다.');
  return { issueStatus, failure: { code, message } };
}

// ---------------------------------------------------------------- status and view

/** The NTS outcome as of `now`: decided by a test control, else COMPLETED once NTS_COMPLETION_MS passed. */
export function issueStatusAt(
  receipt: Pick<SandboxCashReceipt, 'issueStatus' | 'requestedAt'>,
  now: Date,
): IssueStatus {
  if (receipt.issueStatus !== null) return receipt.issueStatus;
  return now.getTime() - receipt.requestedAt.getTime() >= NTS_COMPLETION_MS
    ? 'COMPLETED'
    : 'IN_PROGRESS';
}

/** The CashReceipt object of a stored receipt (an issue or a cancel) as of `now`. */
export function toTossCashReceipt(r: SandboxCashReceipt, now: Date): TossCashReceiptJson {
  return {
    receiptKey: r.receiptKey,
    issueNumber: r.issueNumber,
    issueStatus: issueStatusAt(r, now),
    amount: r.amount,
    taxFreeAmount: r.taxFreeAmount,
    orderId: r.orderId,
    orderName: r.orderName,
    type: r.type,
    approvalNumber: r.approvalNumber,
    transactionType: r.transactionType,
    businessNumber: SANDBOX_BUSINESS_NUMBER,
    customerIdentityNumber: r.customerIdentityNumber,
    failure: r.failure,
    requestedAt: toKstIso(r.requestedAt),
    approvedAt: r.approvedAt ? toKstIso(r.approvedAt) : null,
    canceledAt: r.canceledAt ? toKstIso(r.canceledAt) : null,
    receiptUrl: receiptUrl(r.receiptKey),
  };
}

/** Test mode: the link carries no real receipt (https://docs.tosspayments.com/reference). */
export function receiptUrl(receiptKey: string): string {
  return `https://dashboard.tosspayments.com/receipt/cash-receipt?receiptKey=${encodeURIComponent(receiptKey)}`;
}

/** An issue's key; a cancel's is `c_` and a key of its own (each partial cancel is a receipt). */
function newReceiptKey(transactionType: CashReceiptTransactionType): string {
  const key = randomBase62(40);
  return transactionType === 'CANCEL' ? `c_${key}` : key;
}

/** issueNumber and approvalNumber: at most 9 characters; the sandbox makes 9 digits. */
function newIssueNumber(): string {
  return randomDigits(9);
}

// ---------------------------------------------------------------- records

/**
 * A receipt made `now` (approved at once; a cancel also cancelled then): its own key and numbers,
 * nothing cancelled of it yet, the NTS outcome to follow (issueStatusAt).
 */
function newReceipt(
  transactionType: CashReceiptTransactionType,
  of: IssueCashReceiptInput & Pick<SandboxCashReceipt, 'issueReceiptKey' | 'paymentKey'>,
  now: Date,
): SandboxCashReceipt {
  return Object.assign(new SandboxCashReceipt(), {
    receiptKey: newReceiptKey(transactionType),
    transactionType,
    issueReceiptKey: of.issueReceiptKey,
    paymentKey: of.paymentKey,
    orderId: of.orderId,
    orderName: of.orderName,
    type: of.type,
    amount: of.amount,
    taxFreeAmount: of.taxFreeAmount,
    canceledAmount: 0,
    canceledTaxFreeAmount: 0,
    issueNumber: newIssueNumber(),
    approvalNumber: newIssueNumber(),
    customerIdentityNumber: of.customerIdentityNumber,
    issueStatus: null,
    failure: null,
    requestedAt: now,
    approvedAt: now,
    canceledAt: transactionType === 'CANCEL' ? now : null,
  } satisfies Partial<SandboxCashReceipt>);
}

/** An issue (CONFIRM), approved at once; the NTS outcome follows (issueStatusAt). */
export function issuedReceipt(
  input: IssueCashReceiptInput,
  paymentKey: string | null,
  now: Date,
): SandboxCashReceipt {
  return newReceipt('CONFIRM', { ...input, issueReceiptKey: null, paymentKey }, now);
}

/** A cancel of part of `issue`: its own `c_` key, the issue's order, type and number. */
export function canceledReceipt(
  issue: SandboxCashReceipt,
  plan: CashReceiptCancelPlan,
  now: Date,
): SandboxCashReceipt {
  return newReceipt(
    'CANCEL',
    {
      ...issue,
      issueReceiptKey: issue.receiptKey,
      amount: plan.amount,
      taxFreeAmount: plan.taxFreeAmount,
    },
    now,
  );
}

// ---------------------------------------------------------------- receipts issued with a payment

/** The window's `cashReceipt`, kept on the payment until its receipt is issued. */
export interface WindowCashReceipt {
  type: CashReceiptType;
  customerIdentityNumber: string;
}

/**
 * `cashReceipt: {type, customerIdentityNumber}` of the window's authorize, for a transfer or a
 * virtual account only: 미발행 (or none) asks for no receipt, whatever the method.
 */
export function parseWindowCashReceipt(
  value: unknown,
  method: string,
): WindowCashReceipt | undefined {
  if (value === undefined || value === null) return undefined;
  const body = asBody(value);
  if (
    typeof body.type !== 'string' ||
    !(WINDOW_CASH_RECEIPT_TYPES as readonly string[]).includes(body.type)
  )
    throw invalid('cashReceipt.type은 소득공제, 지출증빙 또는 미발행입니다.');
  if (body.type === '미발행') return undefined;
  if (method !== '가상계좌' && method !== '계좌이체')
    throw invalid(
      'cashReceipt는 가상계좌(VIRTUAL_ACCOUNT)와 계좌이체(TRANSFER) 결제에만 사용합니다.',
    );
  return {
    type: body.type as CashReceiptType,
    customerIdentityNumber: parseIdentityNumber(
      body.customerIdentityNumber ?? body.registrationNumber,
    ),
  };
}

/** The receipt a payment asked for, issued for all of it (at approval or deposit); none: null. */
export function paymentReceipt(payment: SandboxPayment, now: Date): SandboxCashReceipt | null {
  const asked = payment.details.cashReceipt;
  if (!asked) return null;
  return issuedReceipt(
    {
      amount: payment.totalAmount,
      orderId: payment.orderId,
      orderName: payment.orderName,
      type: asked.type,
      customerIdentityNumber: asked.customerIdentityNumber,
      taxFreeAmount: payment.details.taxFreeAmount ?? 0,
    },
    payment.paymentKey,
    now,
  );
}

/**
 * What a payment cancel of `amount` (of which `taxFreeAmount` tax-free) cancels of its receipt's
 * issue: the same, within what is left of the receipt (a cancel through the cash receipt API may
 * have taken some); null: nothing left.
 */
export function paymentCancelReceiptPlan(
  issue: Pick<
    SandboxCashReceipt,
    'amount' | 'taxFreeAmount' | 'canceledAmount' | 'canceledTaxFreeAmount'
  >,
  amount: number,
  taxFreeAmount: number,
): CashReceiptCancelPlan | null {
  const left = issue.amount - issue.canceledAmount;
  const taxFreeLeft = issue.taxFreeAmount - issue.canceledTaxFreeAmount;
  const take = Math.min(amount, left);
  if (take === 0) return null;
  return { amount: take, taxFreeAmount: Math.min(taxFreeAmount, taxFreeLeft, take) };
}
