/**
 * Recurring payments (자동결제 / 빌링) as pure rules: the billing-auth window's registration, issuing
 * a key from its one-time authKey, charging a key
 * (https://docs.tosspayments.com/guides/v2/billing/integration, https://docs.tosspayments.com/reference).
 * The billing service applies the decisions under the billing row's lock.
 */
import {
  asBody,
  Body,
  CARD_ISSUERS,
  invalid,
  optionalString,
  parseOrderId,
  parseTaxFreeAmount,
  positiveInt,
  requiredString,
} from './payment-rules';
import type { SandboxBilling } from './sandbox-billing.entity';
import { TossApiError, tossError } from './toss-errors';
import { toKstIso } from './toss-format';
import { SANDBOX_MID, TossBillingCard, TossBillingJson } from './toss-payment.types';

/**
 * How long an authKey may wait for its issue, on the sandbox clock. Toss documents no lifetime:
 * the sandbox takes the payment window's 10 minutes (CONFIRM_WINDOW_MS), so a test that moves the
 * clock 11 minutes sees an expired authKey.
 */
export const AUTH_KEY_LIFETIME_MS = 10 * 60_000;
/** What the SDK takes as customerKey (and the billing-auth window, through it): 2–50 of A–Z a–z 0–9 - _ = . @. */
export const CUSTOMER_KEY = /^[A-Za-z0-9\-_=.@]{2,50}$/;
export const CUSTOMER_KEY_PATTERN = CUSTOMER_KEY.source;
/** Toss's limit on customerKey and authKey in API bodies. */
const MAX_KEY_LENGTH = 300;
/** The card the window offers by default (in test, only the 6-digit BIN must be valid). */
export const DEFAULT_CARD_NUMBER = '4330123412341234';
export const CARD_TYPES = ['신용', '체크', '기프트'] as const;
export const OWNER_TYPES = ['개인', '법인'] as const;
/** A card payment is at least 100 KRW (BELOW_MINIMUM_AMOUNT). */
const MINIMUM_CARD_AMOUNT = 100;
/** BILLING_DELETED's reason after DELETE /v1/billing/{billingKey} (Toss's example). */
export const API_DELETE_REASON = '삭제 API 요청';
/** Its reason when the issuer deletes a key (the test control's default). */
export const ISSUER_DELETE_REASON = '카드사 요청';
/** The window's outcomes that register the card; any other Toss code refuses with it. */
const REGISTER_OUTCOMES = new Set(['REGISTER', 'SUCCESS']);

// ---------------------------------------------------------------- the billing-auth window

export interface BillingAuthorizeInput {
  customerKey: string;
  card: TossBillingCard;
  /** A Toss code to refuse the registration with, as the window reports it on failUrl. */
  declineCode: string | null;
}

/** Digits only, 15 or 16 of them once spaces and hyphens are gone; else INVALID_CARD_NUMBER. */
export function parseCardNumber(value: unknown): string {
  if (value === undefined || value === null) return DEFAULT_CARD_NUMBER;
  const digits = typeof value === 'string' ? value.replace(/[\s-]/g, '') : '';
  if (!/^\d{15,16}$/.test(digits)) throw tossError('INVALID_CARD_NUMBER');
  return digits;
}

/** Toss's masking: the first 8 digits, ****, the rest but the last, and * (`43301234****123*`). */
export function maskCardNumber(digits: string): string {
  return `${digits.slice(0, 8)}****${digits.slice(12, -1)}*`;
}

function oneOf<T extends string>(body: Body, field: string, values: readonly T[]) {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || !values.includes(value as T))
    throw invalid(`${field}는 ${values.join(', ')} 중 하나입니다.`);
  return value as T;
}

/** POST /sandbox/toss/test/billing/authorize: what the customer registers in the billing-auth window. */
export function parseBillingAuthorize(raw: unknown): BillingAuthorizeInput {
  const body = asBody(raw);
  if (typeof body.customerKey !== 'string' || !CUSTOMER_KEY.test(body.customerKey))
    throw tossError('INVALID_CUSTOMER_KEY');
  const digits = parseCardNumber(body.cardNumber);
  const issuerCode = oneOf(body, 'cardIssuerCode', [...CARD_ISSUERS]) ?? '61';
  const outcome = optionalString(body, 'outcome', 64);
  if (outcome !== undefined && !/^[A-Z][A-Z0-9_]*$/.test(outcome))
    throw invalid('outcome은 REGISTER 또는 Toss 에러 코드입니다.');
  return {
    customerKey: body.customerKey,
    card: {
      issuerCode,
      acquirerCode: issuerCode,
      number: maskCardNumber(digits),
      cardType: oneOf(body, 'cardType', CARD_TYPES) ?? '신용',
      ownerType: oneOf(body, 'ownerType', OWNER_TYPES) ?? '개인',
    },
    declineCode: outcome === undefined || REGISTER_OUTCOMES.has(outcome) ? null : outcome,
  };
}

// ---------------------------------------------------------------- issue

export interface IssueBillingKeyInput {
  authKey: string;
  customerKey: string;
}

export function parseIssueBillingKey(raw: unknown): IssueBillingKeyInput {
  const body = asBody(raw);
  return {
    authKey: requiredString(body, 'authKey', MAX_KEY_LENGTH),
    customerKey: requiredString(body, 'customerKey', MAX_KEY_LENGTH),
  };
}

type IssueFacts = Pick<SandboxBilling, 'customerKey' | 'billingKey' | 'authExpiresAt'>;

/**
 * Whether an authKey (as found, null: unknown) may become a billing key now: unknown 404
 * NOT_FOUND_BILLING; another customer's 400 NOT_MATCHES_CUSTOMER_KEY (nothing is spent); used or
 * past its lifetime 400 INVALID_BILLING_AUTH. Null: issue it.
 */
export function refuseIssue(
  billing: IssueFacts | null,
  input: IssueBillingKeyInput,
  now: Date,
): TossApiError | null {
  if (!billing) return tossError('NOT_FOUND_BILLING');
  if (billing.customerKey !== input.customerKey) return tossError('NOT_MATCHES_CUSTOMER_KEY');
  if (billing.billingKey !== null)
    return tossError(
      'INVALID_BILLING_AUTH',
      '유효하지 않은 빌링 인증입니다. 이미 사용된 authKey입니다.',
    );
  if (now.getTime() > billing.authExpiresAt.getTime())
    return tossError(
      'INVALID_BILLING_AUTH',
      '유효하지 않은 빌링 인증입니다. authKey가 만료되었습니다.',
    );
  return null;
}

// ---------------------------------------------------------------- charge

export interface BillingChargeInput {
  customerKey: string;
  amount: number;
  orderId: string;
  orderName: string;
  customerEmail?: string;
  customerName?: string;
  taxFreeAmount: number;
}

/** POST /v1/billing/{billingKey}'s body (fields Toss takes that the sandbox does not use are ignored). */
export function parseBillingCharge(raw: unknown): BillingChargeInput {
  const body = asBody(raw);
  const customerKey = requiredString(body, 'customerKey', MAX_KEY_LENGTH);
  const amount = positiveInt(body.amount, 'amount');
  const orderId = parseOrderId(body.orderId);
  const orderName = requiredString(body, 'orderName', 100);
  const customerEmail = optionalString(body, 'customerEmail', 100);
  const customerName = optionalString(body, 'customerName', 100);
  const taxFreeAmount = parseTaxFreeAmount(body.taxFreeAmount, amount);
  if (amount < MINIMUM_CARD_AMOUNT) throw tossError('BELOW_MINIMUM_AMOUNT');
  return { customerKey, amount, orderId, orderName, customerEmail, customerName, taxFreeAmount };
}

/**
 * Whether a billing key (as found, null: unknown) may be charged for this customer: an unknown or
 * deleted key 400 INVALID_BILL_KEY_REQUEST (Toss's charge error for a key it cannot use;
 * NOT_FOUND_BILLING is the issue's and the delete's), another customer 400 NOT_MATCHES_CUSTOMER_KEY.
 */
export function refuseCharge(
  billing: Pick<SandboxBilling, 'customerKey' | 'deletedAt'> | null,
  input: Pick<BillingChargeInput, 'customerKey'>,
): TossApiError | null {
  if (!billing || billing.deletedAt !== null) return tossError('INVALID_BILL_KEY_REQUEST');
  if (billing.customerKey !== input.customerKey) return tossError('NOT_MATCHES_CUSTOMER_KEY');
  return null;
}

// ---------------------------------------------------------------- views

/** The Billing object of an issued key: the only answer that ever carries the billingKey. */
export function toTossBilling(billing: SandboxBilling): TossBillingJson {
  if (billing.billingKey === null) throw new Error('the billing authentication was not issued');
  return {
    mId: SANDBOX_MID,
    customerKey: billing.customerKey,
    authenticatedAt: toKstIso(billing.authenticatedAt),
    method: '카드',
    billingKey: billing.billingKey,
    card: billing.card,
  };
}
