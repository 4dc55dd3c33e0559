/**
 * Every error code this service itself produces, with its HTTP status. Clients switch on `code`;
 * the table is exhaustive so that a new code cannot ship without a status. Toss's own codes, and
 * the statuses we answer them with, are in toss-refusals.ts.
 */
export const ERROR_STATUS = {
  VALIDATION_ERROR: 400,
  MALFORMED_JSON: 400,
  UNSUPPORTED_MEDIA_TYPE: 415,
  PAYLOAD_TOO_LARGE: 413,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  RATE_LIMITED: 429,
  INTERNAL_ERROR: 500,
  SERVICE_UNAVAILABLE: 503,

  EMAIL_TAKEN: 409,
  INVALID_CREDENTIALS: 401,
  PRODUCT_NOT_FOUND: 404,
  ORDER_NOT_FOUND: 404,
  ORDER_NOT_CANCELABLE: 409,
  ORDER_NOT_PAYABLE: 409,
  AMOUNT_MISMATCH: 400,
  PAYMENT_NOT_FOUND: 404,
  PAYMENT_IN_PROGRESS: 409,
  PAYMENT_OUTCOME_UNKNOWN: 502,
  PAYMENT_MISMATCH: 502,
  CANCEL_AMOUNT_EXCEEDED: 400,
  NOT_CANCELABLE: 409,
  REFUND_ACCOUNT_REQUIRED: 400,
  IDEMPOTENCY_KEY_REUSED: 409,
  PAYMENT_DECLINED: 402,
  REFUND_REFUSED: 409,
  MERCHANT_CONFIGURATION_ERROR: 500,
} as const satisfies Record<string, number>;

export type ErrorCode = keyof typeof ERROR_STATUS;
