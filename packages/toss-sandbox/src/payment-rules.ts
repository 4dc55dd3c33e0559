/**
 * The emulated Toss's rules as pure functions: request parsing, what a confirm does to a payment,
 * what a cancel may do (docs/toss.md §2, §3, §4). The service applies the decisions under a row lock or
 * in one statement conditional on the status the decision was made on.
 */
import type { SandboxPayment, SandboxPaymentDetails } from './sandbox-payment.entity';
import type { RefundAccount } from './sandbox-transaction.entity';
import { KnownTossCode, TossApiError, tossError } from './toss-errors';
import { randomDigits, toKstIso } from './toss-format';
import {
  METHOD_NAMES,
  MethodDetails,
  SandboxMethod,
  TossPaymentStatus,
} from './toss-payment.types';

/** Confirm must come within 10 minutes of the customer's authentication (docs/toss.md §2.1). */
export const CONFIRM_WINDOW_MS = 10 * 60_000;
/** A virtual account issued without dueDate/validHours is payable for 168 hours. */
export const DEFAULT_VA_VALID_HOURS = 168;
/**
 * The furthest deadline the payment window takes (virtualAccount.validHours / dueDate): 30 days
 * from issue (https://docs.tosspayments.com/guides/windows/virtual-account). Toss's API
 * (POST /v1/virtual-accounts) takes up to 90 days (VA_API_MAX_VALID_HOURS).
 */
export const VA_WINDOW_MAX_VALID_HOURS = 720;
export const VA_API_MAX_VALID_HOURS = 2160;
/** dueDate as Toss takes it: yyyy-MM-dd'T'HH:mm:ss, Seoul time, no offset. */
export const DUE_DATE_PATTERN = '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}$';
/**
 * Toss's rule for `metadata` (requestPayment, Payment.metadata): at most 5 pairs, keys of at most
 * 40 characters without `[` or `]`, string values of at most 2000 characters
 * (https://docs.tosspayments.com/sdk/v2/js). The authority: public/sdk.js checks the same in the
 * browser (it cannot import this), and the window's authorize is checked here.
 */
export const METADATA_RULE = {
  maxKeys: 5,
  maxKeyLength: 40,
  maxValueLength: 2000,
  forbiddenKeyCharacters: /[[\]]/,
} as const;

const ORDER_ID = /^[A-Za-z0-9_=.-]{6,64}$/;
/** The orderId rule as a JSON Schema pattern (the OpenAPI document). */
export const ORDER_ID_PATTERN = ORDER_ID.source;
/** Toss's two-digit bank codes (은행 코드). */
export const BANK_CODES = new Set([
  '02',
  '03',
  '06',
  '07',
  '11',
  '12',
  '20',
  '23',
  '27',
  '31',
  '32',
  '34',
  '35',
  '37',
  '39',
  '45',
  '48',
  '50',
  '54',
  '64',
  '71',
  '81',
  '88',
  '89',
  '90',
  '92',
]);
/** Toss's card issuer codes the sandbox accepts for `cardIssuerCode`. */
export const CARD_ISSUERS = new Set([
  '3K',
  '46',
  '71',
  '30',
  '31',
  '51',
  '38',
  '41',
  '62',
  '36',
  '33',
  'W1',
  '37',
  '39',
  '35',
  '42',
  '15',
  '3A',
  '24',
  '21',
  '61',
  '11',
  '91',
  '34',
]);

export type Body = Record<string, unknown>;

export function asBody(value: unknown): Body {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Body)
    : {};
}

/** 400 INVALID_REQUEST with Toss's message and what was wrong. */
export function invalid(message: string): TossApiError {
  return tossError('INVALID_REQUEST', `잘못된 요청입니다. ${message}`);
}

export function optionalString(
  body: Body,
  field: string,
  max: number,
  min = 1,
): string | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || value.length < min || value.length > max) {
    throw invalid(`${field}는 ${min}~${max}자 문자열이어야 합니다.`);
  }
  return value;
}

export function requiredString(body: Body, field: string, max: number, min = 1): string {
  const value = optionalString(body, field, max, min);
  if (value === undefined) throw invalid(`${field}는 필수입니다.`);
  return value;
}

export function positiveInt(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) {
    throw invalid(`${field}는 1 이상의 정수여야 합니다.`);
  }
  return value;
}

/** `metadata` under METADATA_RULE, or undefined when absent (null counts as absent). */
function parseMetadata(value: unknown): Record<string, string> | undefined {
  if (value === undefined || value === null) return undefined;
  const rule = METADATA_RULE;
  const refused = invalid(
    `metadata는 최대 ${rule.maxKeys}개의 키(${rule.maxKeyLength}자 이하, [ ] 제외)와 ` +
      `${rule.maxValueLength}자 이하 문자열 값으로 이루어진 객체입니다.`,
  );
  if (typeof value !== 'object' || Array.isArray(value)) throw refused;
  const entries = Object.entries(value as Body);
  if (entries.length > rule.maxKeys) throw refused;
  const metadata: Record<string, string> = {};
  for (const [key, item] of entries) {
    if (key.length > rule.maxKeyLength || rule.forbiddenKeyCharacters.test(key)) throw refused;
    if (typeof item !== 'string' || item.length > rule.maxValueLength) throw refused;
    metadata[key] = item;
  }
  return metadata;
}

/** `taxFreeAmount`: the tax-free part of `amount`, a whole number from 0 to it (default 0). */
export function parseTaxFreeAmount(value: unknown, amount: number): number {
  if (value === undefined || value === null) return 0;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0 || value > amount)
    throw invalid('taxFreeAmount는 0 이상 결제 금액(amount) 이하의 정수입니다.');
  return value;
}

/** `validHours`: 1..maxHours, or undefined when absent. */
function parseValidHours(value: unknown, maxHours: number): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1 || value > maxHours)
    throw invalid(`validHours는 1~${maxHours} 정수입니다.`);
  return value;
}

/** Whether `date` is `text` (yyyy-MM-dd'T'HH:mm:ss) in Seoul: false for an invalid date or one that rolled over. */
export function isSameKstTime(date: Date, text: string): boolean {
  return !Number.isNaN(date.getTime()) && toKstIso(date).slice(0, 19) === text;
}

/** `dueDate`: yyyy-MM-dd'T'HH:mm:ss in Seoul time, after `now` and at most maxHours ahead. */
function parseDueDate(value: unknown, now: Date, maxHours: number): Date | undefined {
  if (value === undefined || value === null) return undefined;
  const text = typeof value === 'string' ? value : '';
  const dueDate = new Date(`${text}+09:00`);
  // Date rolls 02-30 or 24:00:00 over; a real date and time reads back as it was written.
  if (!new RegExp(DUE_DATE_PATTERN).test(text) || !isSameKstTime(dueDate, text))
    throw invalid("dueDate는 yyyy-MM-dd'T'HH:mm:ss 형식입니다.");
  const ahead = dueDate.getTime() - now.getTime();
  if (ahead <= 0 || ahead > maxHours * 3600_000)
    throw invalid(`dueDate는 지금부터 ${maxHours / 24}일 이내의 미래 시각이어야 합니다.`);
  return dueDate;
}

export function parseOrderId(value: unknown): string {
  if (typeof value !== 'string' || !ORDER_ID.test(value)) {
    throw invalid('orderId는 영문 대소문자, 숫자, -, _ 로 이루어진 6~64자 문자열이어야 합니다.');
  }
  return value;
}

// ---------------------------------------------------------------- authorize (test endpoint)

export interface AuthorizeInput {
  orderId: string;
  amount: number;
  orderName: string;
  method: SandboxMethod;
  declineCode: string | null;
  customerName: string;
  authenticatedAt?: Date;
  bank?: string;
  cardIssuerCode?: string;
  installmentPlanMonths: number;
  customerMobilePhone?: string;
  easyPayProvider?: string;
  /** requestPayment's metadata, echoed by Payment.metadata. */
  metadata?: Record<string, string>;
  taxFreeAmount: number;
  /** A virtual account's deadline: hours from issue (confirm), or an instant; one of them at most. */
  validHours?: number;
  dueDate?: Date;
}

/** The window's authentication (POST /sandbox/toss/test/authorize); `now` is the sandbox clock's. */
export function parseAuthorize(raw: unknown, now: Date): AuthorizeInput {
  const body = asBody(raw);
  const orderId = parseOrderId(body.orderId);
  const amount = positiveInt(body.amount, 'amount');
  const methodName = body.method === undefined ? 'CARD' : body.method;
  const method = typeof methodName === 'string' ? METHOD_NAMES[methodName.trim()] : undefined;
  if (!method)
    throw invalid(
      'method는 CARD, VIRTUAL_ACCOUNT, TRANSFER, MOBILE_PHONE, EASY_PAY (또는 카드, 가상계좌, 계좌이체, 휴대폰, 간편결제) 중 하나입니다.',
    );
  const outcome = optionalString(body, 'outcome', 64);
  if (outcome !== undefined && !/^[A-Z][A-Z0-9_]*$/.test(outcome))
    throw invalid('outcome은 SUCCESS 또는 Toss 에러 코드입니다.');
  let authenticatedAt: Date | undefined;
  if (body.authenticatedAt !== undefined) {
    authenticatedAt =
      typeof body.authenticatedAt === 'string' ? new Date(body.authenticatedAt) : new Date(NaN);
    if (Number.isNaN(authenticatedAt.getTime()))
      throw invalid('authenticatedAt은 ISO-8601 시각입니다.');
  }
  const bank = optionalString(body, 'bank', 2, 2);
  if (bank !== undefined && !BANK_CODES.has(bank)) throw tossError('INVALID_BANK');
  const cardIssuerCode = optionalString(body, 'cardIssuerCode', 2, 2);
  if (cardIssuerCode !== undefined && !CARD_ISSUERS.has(cardIssuerCode))
    throw invalid('cardIssuerCode가 Toss 카드사 코드가 아닙니다.');
  const months = body.installmentPlanMonths ?? 0;
  if (typeof months !== 'number' || !Number.isInteger(months) || months < 0 || months > 36) {
    throw invalid('installmentPlanMonths는 0~36 정수입니다.');
  }
  // Installments exist only from 50,000 KRW (docs/toss.md §4).
  if (months > 0 && amount < 50_000) throw invalid('할부는 50,000원 이상 결제에서만 가능합니다.');
  const customerMobilePhone = optionalString(body, 'customerMobilePhone', 15, 8);
  if (customerMobilePhone !== undefined && !/^\d+$/.test(customerMobilePhone))
    throw invalid('customerMobilePhone은 숫자 8~15자입니다.');
  // Minimum amounts: 100 KRW by card, 200 KRW by account (BELOW_MINIMUM_AMOUNT, docs/toss.md §4).
  const minimum = method === '가상계좌' || method === '계좌이체' ? 200 : 100;
  if (amount < minimum) throw tossError('BELOW_MINIMUM_AMOUNT');
  const validHours = parseValidHours(body.validHours, VA_WINDOW_MAX_VALID_HOURS);
  const dueDate = parseDueDate(body.dueDate, now, VA_WINDOW_MAX_VALID_HOURS);
  // Toss takes one of the two (https://docs.tosspayments.com/guides/windows/virtual-account).
  if (validHours !== undefined && dueDate !== undefined)
    throw invalid('validHours와 dueDate 중 하나만 보내주세요.');
  if ((validHours !== undefined || dueDate !== undefined) && method !== '가상계좌')
    throw invalid('validHours와 dueDate는 가상계좌(VIRTUAL_ACCOUNT) 결제에만 사용합니다.');
  return {
    orderId,
    amount,
    orderName: optionalString(body, 'orderName', 100) ?? '테스트 주문',
    method,
    declineCode:
      outcome === undefined || outcome === 'SUCCESS' || outcome === 'DONE' ? null : outcome,
    customerName: optionalString(body, 'customerName', 100) ?? '토스테스트',
    authenticatedAt,
    bank,
    cardIssuerCode,
    installmentPlanMonths: months,
    customerMobilePhone,
    easyPayProvider: optionalString(body, 'easyPayProvider', 30),
    metadata: parseMetadata(body.metadata),
    taxFreeAmount: parseTaxFreeAmount(body.taxFreeAmount, amount),
    validHours,
    dueDate,
  };
}

/** What a payment keeps from authorize on: its method objects and the request's options. */
export function paymentDetailsFor(
  input: AuthorizeInput,
  paymentKey: string,
): SandboxPaymentDetails {
  const details: SandboxPaymentDetails = methodDetailsFor(input, paymentKey);
  if (input.metadata !== undefined) details.metadata = input.metadata;
  if (input.taxFreeAmount > 0) details.taxFreeAmount = input.taxFreeAmount;
  if (input.validHours !== undefined) details.validHours = input.validHours;
  if (input.dueDate !== undefined) details.dueDate = input.dueDate.toISOString();
  return details;
}

/** When a virtual account issued at `issuedAt` lapses: the dueDate asked for, else issue + validHours (168). */
export function virtualAccountDueDate(details: SandboxPaymentDetails, issuedAt: Date): Date {
  if (details.dueDate !== undefined) return new Date(details.dueDate);
  const hours = details.validHours ?? DEFAULT_VA_VALID_HOURS;
  return new Date(issuedAt.getTime() + hours * 3600_000);
}

/** The method objects a payment carries from authentication on (test approvals use 00000000). */
export function methodDetailsFor(input: AuthorizeInput, paymentKey: string): MethodDetails {
  switch (input.method) {
    case '카드':
      return {
        card: {
          amount: input.amount,
          issuerCode: input.cardIssuerCode ?? '61',
          acquirerCode: input.cardIssuerCode ?? '61',
          number: `43301234****${randomDigits(3)}*`,
          installmentPlanMonths: input.installmentPlanMonths,
          approveNo: '00000000',
          useCardPoint: false,
          cardType: '신용',
          ownerType: '개인',
          acquireStatus: 'READY',
          isInterestFree: false,
          interestPayer: null,
        },
      };
    case '가상계좌':
      return { virtualAccountBank: input.bank ?? '20' };
    case '계좌이체':
      return { transfer: { bankCode: input.bank ?? '88', settlementStatus: 'INCOMPLETED' } };
    case '휴대폰':
      return {
        mobilePhone: {
          customerMobilePhone: input.customerMobilePhone ?? '01012345678',
          settlementStatus: 'INCOMPLETED',
          receiptUrl: `https://dashboard.tosspayments.com/receipt/phone?paymentKey=${paymentKey}`,
        },
      };
    case '간편결제':
      return {
        easyPay: {
          provider: input.easyPayProvider ?? '토스페이',
          amount: input.amount,
          discountAmount: 0,
        },
      };
  }
}

// ---------------------------------------------------------------- confirm

export interface ConfirmInput {
  paymentKey: string;
  orderId: string;
  amount: number;
}

export function parseConfirm(raw: unknown): ConfirmInput {
  const body = asBody(raw);
  const paymentKey = requiredString(body, 'paymentKey', 200);
  const orderId = parseOrderId(body.orderId);
  // The SDK's {currency, value} object is not accepted here (docs/toss.md §2.1): a number only.
  if (typeof body.amount !== 'number' || !Number.isFinite(body.amount) || body.amount <= 0) {
    throw invalid('amount는 0보다 큰 숫자입니다.');
  }
  return { paymentKey, orderId, amount: body.amount };
}

export type ConfirmDecision =
  | { kind: 'approve' }
  | { kind: 'decline'; code: string }
  | { kind: 'expire' }
  | { kind: 'refuse'; error: TossApiError };

const PROCESSED: ReadonlySet<TossPaymentStatus> = new Set([
  'DONE',
  'WAITING_FOR_DEPOSIT',
  'CANCELED',
  'PARTIAL_CANCELED',
]);

/** What a confirm does to the payment it names (null: no such payment). */
export function decideConfirm(
  payment: SandboxPayment | null,
  input: ConfirmInput,
  now: Date,
): ConfirmDecision {
  if (!payment) return { kind: 'refuse', error: tossError('NOT_FOUND_PAYMENT_SESSION') };
  // The orderId must be the one the payment was requested with (docs/toss.md §6.1 B).
  if (payment.orderId !== input.orderId)
    return { kind: 'refuse', error: tossError('FORBIDDEN_REQUEST') };
  if (PROCESSED.has(payment.status))
    return { kind: 'refuse', error: tossError('ALREADY_PROCESSED_PAYMENT') };
  if (payment.status !== 'IN_PROGRESS')
    return { kind: 'refuse', error: tossError('NOT_FOUND_PAYMENT_SESSION') };
  if (
    !payment.authenticatedAt ||
    now.getTime() - payment.authenticatedAt.getTime() > CONFIRM_WINDOW_MS
  ) {
    return { kind: 'expire' };
  }
  if (input.amount !== payment.totalAmount) {
    return {
      kind: 'refuse',
      error: tossError(
        'INVALID_REQUEST',
        '잘못된 요청입니다. 결제 금액(amount)이 인증된 결제 금액과 일치하지 않습니다.',
      ),
    };
  }
  if (payment.declineCode) return { kind: 'decline', code: payment.declineCode };
  return { kind: 'approve' };
}

// ---------------------------------------------------------------- cancel

export interface CancelInput {
  cancelReason: string;
  cancelAmount?: number;
  /** The cancel's tax-free part; absent: 0, or all the tax-free part left for a cancel of everything left. */
  taxFreeAmount?: number;
  refundableAmount?: number;
  refundReceiveAccount?: RefundAccount;
}

export function parseCancel(raw: unknown): CancelInput {
  const body = asBody(raw);
  const cancelReason = requiredString(body, 'cancelReason', 200);
  const cancelAmount =
    body.cancelAmount === undefined || body.cancelAmount === null
      ? undefined
      : positiveInt(body.cancelAmount, 'cancelAmount');
  const refundableAmount =
    body.refundableAmount === undefined || body.refundableAmount === null
      ? undefined
      : nonNegativeInt(body.refundableAmount, 'refundableAmount');
  if (body.currency !== undefined && body.currency !== 'KRW')
    throw invalid('currency는 결제 통화(KRW)와 같아야 합니다.');
  const taxFreeAmount =
    body.taxFreeAmount === undefined || body.taxFreeAmount === null
      ? undefined
      : nonNegativeInt(body.taxFreeAmount, 'taxFreeAmount');
  const account = body.refundReceiveAccount;
  return {
    cancelReason,
    cancelAmount,
    taxFreeAmount,
    refundableAmount,
    refundReceiveAccount:
      account === undefined || account === null ? undefined : parseRefundAccount(account),
  };
}

function nonNegativeInt(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0)
    throw invalid(`${field}는 0 이상의 정수여야 합니다.`);
  return value;
}

/** `{bank, accountNumber, holderName}`: bank code, digits only ≤20, holder ≤60 (docs/toss.md §2.4). */
export function parseRefundAccount(raw: unknown): RefundAccount {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    throw invalid('refundReceiveAccount는 객체입니다.');
  const account = raw as Body;
  if (typeof account.bank !== 'string' || !BANK_CODES.has(account.bank))
    throw tossError('INVALID_BANK');
  if (typeof account.accountNumber !== 'string' || !/^\d{1,20}$/.test(account.accountNumber)) {
    throw tossError('INVALID_REFUND_ACCOUNT_NUMBER');
  }
  if (
    typeof account.holderName !== 'string' ||
    account.holderName.trim() === '' ||
    account.holderName.length > 60
  ) {
    throw tossError('INVALID_REFUND_ACCOUNT_INFO');
  }
  return {
    bankCode: account.bank,
    accountNumber: account.accountNumber,
    holderName: account.holderName,
  };
}

export interface CancelPlan {
  amount: number;
  /** The cancel's tax-free part. */
  taxFreeAmount: number;
  balanceAfter: number;
  status: 'CANCELED' | 'PARTIAL_CANCELED';
  /** A paid virtual account is refunded to this account. */
  refundAccount: RefundAccount | null;
}

function refuse(code: KnownTossCode, message?: string): never {
  throw tossError(code, message);
}

/**
 * Whether and how much a cancel may take (docs/toss.md §2.4, §6.2), `taxFreeBalance` being the
 * payment's tax-free part not cancelled yet (taxFreeBalanceOf); throws the Toss error otherwise.
 */
export function planCancel(
  payment: SandboxPayment,
  input: CancelInput,
  taxFreeBalance = 0,
): CancelPlan {
  const virtualAccount = payment.method === '가상계좌';
  switch (payment.status) {
    case 'CANCELED':
      return refuse('ALREADY_CANCELED_PAYMENT');
    case 'READY':
    case 'IN_PROGRESS':
    case 'ABORTED':
    case 'EXPIRED':
      return refuse('NOT_CANCELABLE_PAYMENT');
    case 'WAITING_FOR_DEPOSIT': {
      // Nothing was paid: only the whole amount, and no refund account (docs/toss.md §2.4).
      if (input.refundReceiveAccount) {
        refuse(
          'INVALID_REQUEST',
          '잘못된 요청입니다. 입금 전 가상계좌 취소에는 환불 계좌(refundReceiveAccount)를 보내지 않습니다.',
        );
      }
      if (input.cancelAmount !== undefined && input.cancelAmount !== payment.balanceAmount) {
        refuse('NOT_ALLOWED_PARTIAL_REFUND_WAITING_DEPOSIT');
      }
      checkRefundable(payment, input);
      return {
        amount: payment.balanceAmount,
        taxFreeAmount: cancelTaxFreePart(payment, input, payment.balanceAmount, taxFreeBalance),
        balanceAfter: 0,
        status: 'CANCELED',
        refundAccount: null,
      };
    }
    case 'DONE':
    case 'PARTIAL_CANCELED': {
      if (virtualAccount && !input.refundReceiveAccount) {
        refuse(
          'INVALID_REQUEST',
          '잘못된 요청입니다. 입금된 가상계좌 결제를 취소하려면 환불 계좌(refundReceiveAccount)가 필요합니다.',
        );
      }
      if (!virtualAccount && input.refundReceiveAccount) {
        refuse(
          'INVALID_REQUEST',
          '잘못된 요청입니다. 환불 계좌(refundReceiveAccount)는 입금된 가상계좌 결제 취소에만 사용합니다.',
        );
      }
      if (payment.balanceAmount === 0) refuse('NOT_CANCELABLE_AMOUNT');
      checkRefundable(payment, input);
      const amount = input.cancelAmount ?? payment.balanceAmount;
      if (amount > payment.balanceAmount) refuse('NOT_CANCELABLE_AMOUNT');
      const taxFreeAmount = cancelTaxFreePart(payment, input, amount, taxFreeBalance);
      const balanceAfter = payment.balanceAmount - amount;
      return {
        amount,
        taxFreeAmount,
        balanceAfter,
        status: balanceAfter === 0 ? 'CANCELED' : 'PARTIAL_CANCELED',
        refundAccount: input.refundReceiveAccount ?? null,
      };
    }
  }
}

/**
 * The tax-free part of a cancel of `amount`: as asked (default 0; a cancel of everything left
 * without cancelAmount takes all the tax-free part left). Neither part may exceed what is left of
 * it: Toss documents no code of its own for that, so the sandbox answers NOT_CANCELABLE_AMOUNT.
 */
function cancelTaxFreePart(
  payment: Pick<SandboxPayment, 'balanceAmount'>,
  input: Pick<CancelInput, 'cancelAmount' | 'taxFreeAmount'>,
  amount: number,
  taxFreeBalance: number,
): number {
  const taxFree = input.taxFreeAmount ?? (input.cancelAmount === undefined ? taxFreeBalance : 0);
  if (taxFree > amount)
    refuse('INVALID_REQUEST', '잘못된 요청입니다. taxFreeAmount는 취소 금액 이하여야 합니다.');
  if (taxFree > taxFreeBalance)
    refuse(
      'NOT_CANCELABLE_AMOUNT',
      `취소 할 수 없는 금액 입니다. 취소 가능한 면세 금액은 ${taxFreeBalance}원입니다.`,
    );
  const taxableBalance = payment.balanceAmount - taxFreeBalance;
  if (amount - taxFree > taxableBalance)
    refuse(
      'NOT_CANCELABLE_AMOUNT',
      `취소 할 수 없는 금액 입니다. 취소 가능한 과세 금액은 ${taxableBalance}원입니다.`,
    );
  return taxFree;
}

function checkRefundable(payment: SandboxPayment, input: CancelInput): void {
  // Optimistic check: nothing is cancelled when the caller's view of the balance is stale.
  if (input.refundableAmount !== undefined && input.refundableAmount !== payment.balanceAmount) {
    refuse('NOT_MATCHES_REFUNDABLE_AMOUNT');
  }
}

// ---------------------------------------------------------------- virtual account issue (POST /v1/virtual-accounts)

export interface IssueVirtualAccountInput {
  orderId: string;
  amount: number;
  orderName: string;
  customerName: string;
  bank: string;
  dueDate: Date | undefined;
  validHours: number;
  customerMobilePhone?: string;
  taxFreeAmount: number;
}

export function parseIssueVirtualAccount(raw: unknown, now: Date): IssueVirtualAccountInput {
  const body = asBody(raw);
  const amount = positiveInt(body.amount, 'amount');
  const orderId = parseOrderId(body.orderId);
  const orderName = requiredString(body, 'orderName', 100);
  const customerName = requiredString(body, 'customerName', 100);
  const bank = requiredString(body, 'bank', 2);
  if (!BANK_CODES.has(bank)) throw tossError('INVALID_BANK');
  if (amount < 200) throw tossError('BELOW_MINIMUM_AMOUNT');
  const validHours =
    parseValidHours(body.validHours, VA_API_MAX_VALID_HOURS) ?? DEFAULT_VA_VALID_HOURS;
  // dueDate wins over validHours here, as documented for this operation (toss-api.dto.ts).
  const dueDate = parseDueDate(body.dueDate, now, VA_API_MAX_VALID_HOURS);
  const customerMobilePhone = optionalString(body, 'customerMobilePhone', 15, 8);
  if (customerMobilePhone !== undefined && !/^\d+$/.test(customerMobilePhone))
    throw invalid('customerMobilePhone은 숫자 8~15자입니다.');
  return {
    orderId,
    amount,
    orderName,
    customerName,
    bank,
    dueDate,
    validHours,
    customerMobilePhone,
    taxFreeAmount: parseTaxFreeAmount(body.taxFreeAmount, amount),
  };
}

/** A payment in these statuses blocks reuse of its orderId (DUPLICATED_ORDER_ID). */
export const ORDER_ID_TAKEN: ReadonlySet<TossPaymentStatus> = PROCESSED;
