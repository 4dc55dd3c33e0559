import { ERROR_STATUS } from './error-codes';

/**
 * How a refusal from Toss is answered to our own client (docs/api.md, "Toss's refusals"). Toss's
 * HTTP status is never passed on: a 401 UNAUTHORIZED_KEY is the shop's key, not the shopper's
 * token, and a 403 REJECT_CARD_PAYMENT is a declined card, not a forbidden request.
 *
 * - A decline the customer can fix (another card, another day) keeps Toss's code and message,
 *   with our status for declines: 402.
 * - A refund refusal keeps Toss's code: 400 when the refund account given is wrong, 409 when the
 *   payment's state at Toss forbids it.
 * - A refusal caused by the shop's keys or contract is ours to fix: 500
 *   MERCHANT_CONFIGURATION_ERROR with Toss's code in `details`, and an error log line.
 * - A cash receipt refusal the buyer can fix (the identity number) keeps Toss's code: 400.
 * - A code not listed here (Toss adds codes) is answered as PAYMENT_DECLINED / REFUND_REFUSED
 *   with Toss's code in `details` (for a cash receipt: as the shop's setup, see
 *   CASH_RECEIPT_REFUSAL_CODES), so every `code` a client sees is one the contract lists.
 *
 * Code lists: Toss's error reference (https://docs.tosspayments.com/reference/error-codes) as
 * summarised in docs/toss.md §6.
 */

/** Confirm: the customer's card, account or session said no; paying again may work. */
export const CONFIRM_DECLINE_CODES = [
  'INVALID_CARD_NUMBER',
  'INVALID_STOPPED_CARD',
  'INVALID_CARD_EXPIRATION',
  'INVALID_REJECT_CARD',
  'INVALID_CARD_LOST_OR_STOLEN',
  'INVALID_CARD_INSTALLMENT_PLAN',
  'INVALID_AUTHORIZE_AUTH',
  'INVALID_PASSWORD',
  'INVALID_ACCOUNT_INFO_RE_REGISTER',
  'EXCEED_MAX_AMOUNT',
  'EXCEED_MAX_CARD_INSTALLMENT_PLAN',
  'EXCEED_MAX_DAILY_PAYMENT_COUNT',
  'EXCEED_MAX_PAYMENT_AMOUNT',
  'EXCEED_MAX_MONTHLY_PAYMENT_AMOUNT',
  'EXCEED_MAX_ONE_DAY_WITHDRAW_AMOUNT',
  'EXCEED_MAX_ONE_TIME_WITHDRAW_AMOUNT',
  'EXCEED_MAX_AUTH_COUNT',
  'EXCEED_MAX_ONE_DAY_AMOUNT',
  'NOT_ALLOWED_POINT_USE',
  'NOT_SUPPORTED_INSTALLMENT_PLAN_CARD_OR_MERCHANT',
  'NOT_SUPPORTED_MONTHLY_INSTALLMENT_PLAN',
  'NOT_AVAILABLE_PAYMENT',
  'NOT_AVAILABLE_BANK',
  'RESTRICTED_TRANSFER_ACCOUNT',
  'CARD_PROCESSING_ERROR',
  'REJECT_CARD_PAYMENT',
  'REJECT_CARD_COMPANY',
  'REJECT_ACCOUNT_PAYMENT',
  'REJECT_TOSSPAY_INVALID_ACCOUNT',
  'FDS_ERROR',
  'NOT_FOUND_PAYMENT_SESSION',
  'NOT_FOUND_PAYMENT',
  'PAY_PROCESS_ABORTED',
  'PAY_PROCESS_CANCELED',
] as const;

/** Refund: the refund account given cannot receive the money; another account may work. */
export const REFUND_ACCOUNT_CODES = [
  'INVALID_REFUND_ACCOUNT_INFO',
  'INVALID_REFUND_ACCOUNT_NUMBER',
  'INVALID_BANK',
  'FORBIDDEN_BANK_REFUND_REQUEST',
] as const;

/** Refund: the payment's state at Toss does not allow this cancel. */
export const REFUND_STATE_CODES = [
  'ALREADY_CANCELED_PAYMENT',
  'ALREADY_REFUND_PAYMENT',
  'NOT_CANCELABLE_AMOUNT',
  'NOT_CANCELABLE_PAYMENT',
  'NOT_CANCELABLE_PAYMENT_FOR_DORMANT_USER',
  'NOT_MATCHES_REFUNDABLE_AMOUNT',
  'NOT_ALLOWED_PARTIAL_REFUND',
  'NOT_ALLOWED_PARTIAL_REFUND_WAITING_DEPOSIT',
  'EXCEED_MAX_REFUND_DUE',
  'EXCEED_CANCEL_AMOUNT_DISCOUNT_AMOUNT',
  'EXCEED_CANCEL_LIMIT',
  'NOT_AVAILABLE_BANK',
  'REFUND_REJECTED',
] as const;

/** Either operation: the shop's keys or contract; operators must act, customers cannot. */
export const MERCHANT_REFUSAL_CODES = [
  'UNAUTHORIZED_KEY',
  'INVALID_API_KEY',
  'INCORRECT_BASIC_AUTH_FORMAT',
  'FORBIDDEN_REQUEST',
  'INVALID_REQUEST',
  'BELOW_MINIMUM_AMOUNT',
  'NOT_FOUND_TERMINAL_ID',
  'INVALID_UNREGISTERED_SUBMALL',
  'NOT_REGISTERED_BUSINESS',
  'UNAPPROVED_ORDER_ID',
  'INVALID_IDEMPOTENCY_KEY',
] as const;

/**
 * Card registration (billing key issue): the card or the billing-auth session said no; registering
 * again (another card, a new billing-auth window) may work. Toss's billing and card codes
 * (https://docs.tosspayments.com/reference/error-codes).
 */
export const BILLING_ISSUE_DECLINE_CODES = [
  'INVALID_CARD_NUMBER',
  'INVALID_CARD_EXPIRATION',
  'INVALID_STOPPED_CARD',
  'INVALID_REJECT_CARD',
  'INVALID_CARD_LOST_OR_STOLEN',
  'INVALID_CARD_IDENTITY',
  'INVALID_BIRTH_DAY_FORMAT',
  'NOT_SUPPORTED_CARD_TYPE',
  'NOT_REGISTERED_CARD_COMPANY',
  'REJECT_CARD_COMPANY',
  'EXCEED_MAX_AUTH_COUNT',
  'INVALID_BILLING_AUTH',
  'INVALID_BILL_KEY_REQUEST',
  'NOT_FOUND_BILLING',
  'NOT_MATCHES_CUSTOMER_KEY',
  'INVALID_EMAIL',
] as const;

/** Card registration: the shop has no billing contract for its key, or sent a key Toss refuses. */
export const BILLING_MERCHANT_CODES = ['NOT_SUPPORTED_METHOD', 'INVALID_CUSTOMER_KEY'] as const;

/**
 * Cash receipt issue: the identity number or type given was refused (by Toss, or by the National
 * Tax Service: NTS_ERROR, whose message names the field); the buyer may correct it and ask again.
 * Toss's error reference (https://docs.tosspayments.com/reference/error-codes). Every other code
 * Toss answers a cash receipt call with is the shop's to fix (NOT_REGISTERED_BUSINESS: not a
 * 현금영수증 merchant; NOT_FOUND_MERCHANT_BUSINESS_NUMBER: no business number behind the key), and
 * Toss publishes no per-endpoint list: a code not named here is answered as the shop's setup too,
 * so operators read it, never the buyer.
 */
export const CASH_RECEIPT_REFUSAL_CODES = [
  'INVALID_CASH_RECEIPT_INFO',
  'INVALID_BUSINESS_NUMBER',
  'NTS_ERROR',
] as const;

/** Our statuses for Toss's refusals (the table in docs/api.md). */
export const TOSS_REFUSAL_STATUS = {
  decline: 402,
  refundAccount: 400,
  refundState: 409,
  cashReceipt: 400,
} as const;

export type TossRefusalOperation = 'confirm' | 'refund' | 'billing-issue' | 'cash-receipt';

/** What our client is answered for one refusal from Toss. */
export interface TossRefusalAnswer {
  status: number;
  code: string;
  message: string;
  details?: { tossCode: string; tossMessage: string };
  /** Operators must fix the shop's Toss setup: log it as an error. */
  merchant: boolean;
}

const has = (codes: readonly string[], code: string) => codes.includes(code);

const MERCHANT_MESSAGE =
  "Toss refused the request because of this shop's payment setup; nothing was charged or refunded. Operators have been alerted.";

export function answerTossRefusal(
  operation: TossRefusalOperation,
  tossCode: string,
  tossMessage: string,
): TossRefusalAnswer {
  const details = { tossCode, tossMessage };
  if (
    has(MERCHANT_REFUSAL_CODES, tossCode) ||
    (operation === 'billing-issue' && has(BILLING_MERCHANT_CODES, tossCode)) ||
    (operation === 'cash-receipt' && !has(CASH_RECEIPT_REFUSAL_CODES, tossCode))
  ) {
    return {
      status: ERROR_STATUS.MERCHANT_CONFIGURATION_ERROR,
      code: 'MERCHANT_CONFIGURATION_ERROR',
      message: MERCHANT_MESSAGE,
      details,
      merchant: true,
    };
  }
  if (operation === 'cash-receipt')
    return {
      status: TOSS_REFUSAL_STATUS.cashReceipt,
      code: tossCode,
      message: tossMessage,
      merchant: false,
    };
  if (operation === 'confirm') {
    return has(CONFIRM_DECLINE_CODES, tossCode)
      ? {
          status: TOSS_REFUSAL_STATUS.decline,
          code: tossCode,
          message: tossMessage,
          merchant: false,
        }
      : {
          status: ERROR_STATUS.PAYMENT_DECLINED,
          code: 'PAYMENT_DECLINED',
          message: tossMessage,
          details,
          merchant: false,
        };
  }
  if (operation === 'billing-issue') {
    return has(BILLING_ISSUE_DECLINE_CODES, tossCode)
      ? {
          status: TOSS_REFUSAL_STATUS.decline,
          code: tossCode,
          message: tossMessage,
          merchant: false,
        }
      : {
          status: ERROR_STATUS.CARD_REGISTRATION_REFUSED,
          code: 'CARD_REGISTRATION_REFUSED',
          message: tossMessage,
          details,
          merchant: false,
        };
  }
  if (has(REFUND_ACCOUNT_CODES, tossCode))
    return {
      status: TOSS_REFUSAL_STATUS.refundAccount,
      code: tossCode,
      message: tossMessage,
      merchant: false,
    };
  if (has(REFUND_STATE_CODES, tossCode))
    return {
      status: TOSS_REFUSAL_STATUS.refundState,
      code: tossCode,
      message: tossMessage,
      merchant: false,
    };
  return {
    status: ERROR_STATUS.REFUND_REFUSED,
    code: 'REFUND_REFUSED',
    message: tossMessage,
    details,
    merchant: false,
  };
}
