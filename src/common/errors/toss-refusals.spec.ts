import {
  answerTossRefusal,
  BILLING_ISSUE_DECLINE_CODES,
  BILLING_MERCHANT_CODES,
  CASH_RECEIPT_REFUSAL_CODES,
  CONFIRM_DECLINE_CODES,
  MERCHANT_REFUSAL_CODES,
  REFUND_ACCOUNT_CODES,
  REFUND_STATE_CODES,
} from './toss-refusals';

const OUR_MERCHANT_MESSAGE =
  "Toss refused the request because of this shop's payment setup; nothing was charged or refunded. Operators have been alerted.";

describe('answerTossRefusal', () => {
  it.each([
    // operation, Toss's code → our status, our code, Toss's code in details
    ['confirm', 'REJECT_CARD_PAYMENT', 402, 'REJECT_CARD_PAYMENT', false],
    ['confirm', 'INVALID_CARD_EXPIRATION', 402, 'INVALID_CARD_EXPIRATION', false],
    ['confirm', 'NOT_FOUND_PAYMENT_SESSION', 402, 'NOT_FOUND_PAYMENT_SESSION', false],
    ['confirm', 'UNAUTHORIZED_KEY', 500, 'MERCHANT_CONFIGURATION_ERROR', true],
    ['confirm', 'INVALID_REQUEST', 500, 'MERCHANT_CONFIGURATION_ERROR', true],
    ['confirm', 'BRAND_NEW_CODE', 402, 'PAYMENT_DECLINED', true],
    ['confirm', 'NOT_CANCELABLE_PAYMENT', 402, 'PAYMENT_DECLINED', true],
    ['refund', 'NOT_CANCELABLE_PAYMENT', 409, 'NOT_CANCELABLE_PAYMENT', false],
    ['refund', 'ALREADY_CANCELED_PAYMENT', 409, 'ALREADY_CANCELED_PAYMENT', false],
    ['refund', 'INVALID_REFUND_ACCOUNT_NUMBER', 400, 'INVALID_REFUND_ACCOUNT_NUMBER', false],
    ['refund', 'FORBIDDEN_REQUEST', 500, 'MERCHANT_CONFIGURATION_ERROR', true],
    ['refund', 'REJECT_CARD_PAYMENT', 409, 'REFUND_REFUSED', true],
    ['refund', 'BRAND_NEW_CODE', 409, 'REFUND_REFUSED', true],
    ['billing-issue', 'INVALID_CARD_EXPIRATION', 402, 'INVALID_CARD_EXPIRATION', false],
    ['billing-issue', 'REJECT_CARD_COMPANY', 402, 'REJECT_CARD_COMPANY', false],
    ['billing-issue', 'INVALID_BILLING_AUTH', 402, 'INVALID_BILLING_AUTH', false],
    ['billing-issue', 'NOT_FOUND_BILLING', 402, 'NOT_FOUND_BILLING', false],
    ['billing-issue', 'NOT_SUPPORTED_METHOD', 500, 'MERCHANT_CONFIGURATION_ERROR', true],
    ['billing-issue', 'UNAUTHORIZED_KEY', 500, 'MERCHANT_CONFIGURATION_ERROR', true],
    ['billing-issue', 'REJECT_CARD_PAYMENT', 402, 'CARD_REGISTRATION_REFUSED', true],
    ['billing-issue', 'BRAND_NEW_CODE', 402, 'CARD_REGISTRATION_REFUSED', true],
    ['confirm', 'NOT_SUPPORTED_METHOD', 402, 'PAYMENT_DECLINED', true],
    ['cash-receipt', 'INVALID_CASH_RECEIPT_INFO', 400, 'INVALID_CASH_RECEIPT_INFO', false],
    ['cash-receipt', 'INVALID_BUSINESS_NUMBER', 400, 'INVALID_BUSINESS_NUMBER', false],
    ['cash-receipt', 'NTS_ERROR', 400, 'NTS_ERROR', false],
    ['cash-receipt', 'NOT_REGISTERED_BUSINESS', 500, 'MERCHANT_CONFIGURATION_ERROR', true],
    ['cash-receipt', 'INVALID_REQUEST', 500, 'MERCHANT_CONFIGURATION_ERROR', true],
    [
      'cash-receipt',
      'NOT_FOUND_MERCHANT_BUSINESS_NUMBER',
      500,
      'MERCHANT_CONFIGURATION_ERROR',
      true,
    ],
    ['cash-receipt', 'BRAND_NEW_CODE', 500, 'MERCHANT_CONFIGURATION_ERROR', true],
    ['confirm', 'INVALID_CASH_RECEIPT_INFO', 402, 'PAYMENT_DECLINED', true],
  ] as const)('%s refused with %s → %i %s', (operation, tossCode, status, code, withDetails) => {
    const answer = answerTossRefusal(operation, tossCode, 'Toss의 메시지');
    const merchant = code === 'MERCHANT_CONFIGURATION_ERROR';
    // A merchant refusal has our own message; every other one shows Toss's to the customer.
    const message = merchant ? OUR_MERCHANT_MESSAGE : 'Toss의 메시지';
    expect(answer).toEqual({
      status,
      code,
      message,
      merchant,
      ...(withDetails ? { details: { tossCode, tossMessage: 'Toss의 메시지' } } : {}),
    });
  });

  it("never answers with one of Toss's 401/403 meanings: no listed code maps to 401 or 403", () => {
    const statuses = new Set([
      ...CONFIRM_DECLINE_CODES.map((code) => answerTossRefusal('confirm', code, '').status),
      ...[...REFUND_ACCOUNT_CODES, ...REFUND_STATE_CODES].map(
        (code) => answerTossRefusal('refund', code, '').status,
      ),
      ...MERCHANT_REFUSAL_CODES.map((code) => answerTossRefusal('refund', code, '').status),
      ...[...BILLING_ISSUE_DECLINE_CODES, ...BILLING_MERCHANT_CODES].map(
        (code) => answerTossRefusal('billing-issue', code, '').status,
      ),
      ...CASH_RECEIPT_REFUSAL_CODES.map(
        (code) => answerTossRefusal('cash-receipt', code, '').status,
      ),
    ]);
    expect([...statuses].sort()).toEqual([400, 402, 409, 500]);
  });

  it('lists no code as both a customer matter and a merchant one', () => {
    const merchant = new Set<string>(MERCHANT_REFUSAL_CODES);
    expect(
      [
        ...CONFIRM_DECLINE_CODES,
        ...REFUND_ACCOUNT_CODES,
        ...REFUND_STATE_CODES,
        ...BILLING_ISSUE_DECLINE_CODES,
        ...CASH_RECEIPT_REFUSAL_CODES,
      ].filter(
        (code) =>
          merchant.has(code) || (BILLING_MERCHANT_CODES as readonly string[]).includes(code),
      ),
    ).toEqual([]);
  });
});
