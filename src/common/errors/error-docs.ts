import type { SchemaObject } from '@nestjs/swagger';
import { ErrorCode } from './error-codes';
import {
  BILLING_ISSUE_DECLINE_CODES,
  CASH_RECEIPT_REFUSAL_CODES,
  CONFIRM_DECLINE_CODES,
  REFUND_ACCOUNT_CODES,
  REFUND_STATE_CODES,
  TOSS_REFUSAL_STATUS,
} from './toss-refusals';

/**
 * What the published contract says about each error code: when it is answered, a sample message,
 * and the schema of its `details` (absent: the code never carries details). Exhaustive over
 * ERROR_STATUS, so a new code cannot ship undocumented. Used by src/common/openapi/error-responses.ts.
 */
export interface ErrorDoc {
  summary: string;
  message: string;
  details?: { schema: SchemaObject; required: boolean; example: unknown };
}

const object = (properties: Record<string, SchemaObject>, required: string[]): SchemaObject => ({
  type: 'object',
  additionalProperties: false,
  ...(required.length > 0 ? { required } : {}),
  properties,
});

const TOSS_DETAILS = {
  schema: object(
    {
      tossCode: { type: 'string', description: "Toss's own code." },
      tossMessage: { type: 'string', description: "Toss's own message." },
    },
    ['tossCode', 'tossMessage'],
  ),
  required: true,
};

export const ERROR_DOCS: Record<ErrorCode, ErrorDoc> = {
  VALIDATION_ERROR: {
    summary:
      'The request is not valid: a field, parameter or header breaks its schema, a query parameter is repeated, or text holds NUL or ill-formed Unicode.',
    message: 'quantity must not be greater than 99',
    details: {
      schema: {
        type: 'array',
        description: 'One entry per field that failed.',
        items: object(
          {
            field: {
              type: 'string',
              description: 'The field, parameter or header, e.g. items.0.quantity.',
            },
            problems: { type: 'array', items: { type: 'string' } },
          },
          ['field', 'problems'],
        ),
      },
      required: false,
      example: [{ field: 'items.0.quantity', problems: ['quantity must not be greater than 99'] }],
    },
  },
  MALFORMED_JSON: {
    summary: 'The body is not valid JSON.',
    message: 'The request body is not valid JSON.',
  },
  UNSUPPORTED_MEDIA_TYPE: {
    summary: 'The body is not application/json.',
    message: 'Send the request body as application/json.',
  },
  PAYLOAD_TOO_LARGE: {
    summary: 'The body is larger than the server accepts.',
    message: 'The request body is too large.',
  },
  UNAUTHORIZED: {
    summary: 'No bearer token, or one that is invalid, expired, or whose account is gone.',
    message: 'Sign in first: send Authorization: Bearer <accessToken>.',
  },
  FORBIDDEN: {
    summary: 'The signed-in role may not do this.',
    message: 'Your role may not do that.',
  },
  NOT_FOUND: {
    summary: 'Nothing is at this address.',
    message: 'There is nothing at this address.',
  },
  METHOD_NOT_ALLOWED: {
    summary: 'The path exists, but not with this method (see the Allow header).',
    message: 'This path does not take that method.',
  },
  RATE_LIMITED: {
    summary: 'Too many requests from this client; wait Retry-After seconds.',
    message: 'Too many requests; try again in 30 s.',
    details: {
      schema: object({ retryAfterSeconds: { type: 'integer', minimum: 1 } }, ['retryAfterSeconds']),
      required: true,
      example: { retryAfterSeconds: 30 },
    },
  },
  INTERNAL_ERROR: {
    summary: 'An unexpected failure on our side; it has been logged.',
    message: 'Something went wrong on our side. It has been logged.',
  },
  SERVICE_UNAVAILABLE: {
    summary: 'The database is briefly out of reach; retry after Retry-After seconds.',
    message: 'The service is briefly unavailable; try again shortly.',
  },
  EMAIL_TAKEN: {
    summary: 'That email address is already registered.',
    message: 'That email address is already registered.',
  },
  INVALID_CREDENTIALS: {
    summary: 'The email or password is wrong.',
    message: 'The email or password is wrong.',
  },
  PRODUCT_NOT_FOUND: {
    summary: 'No such active product (on an order: some of its products).',
    message: 'There is no such product.',
    details: {
      schema: object({ productIds: { type: 'array', items: { type: 'string' } } }, ['productIds']),
      required: false,
      example: { productIds: ['0d9c7a2e-61e1-4bb6-9d55-3f1f0a4a2b7c'] },
    },
  },
  ORDER_NOT_FOUND: {
    summary: 'No such order, or not one of yours.',
    message: 'There is no such order.',
  },
  ORDER_NOT_CANCELABLE: {
    summary: 'The order is past the point where it can be canceled (e.g. paid meanwhile).',
    message: 'An order in status PAID cannot be canceled.',
    details: {
      schema: object(
        {
          status: { type: 'string', nullable: true, description: 'The status that forbids it.' },
          tossCode: { type: 'string', description: "Toss's code, when Toss refused the cancel." },
        },
        [],
      ),
      required: false,
      example: { status: 'PAID' },
    },
  },
  ORDER_NOT_PAYABLE: {
    summary: 'The order is not PENDING, or its time to pay has passed.',
    message: 'The order cannot be paid (status PAID).',
    details: {
      schema: object(
        {
          status: { type: 'string' },
          expiresAt: { type: 'string', format: 'date-time' },
        },
        ['status', 'expiresAt'],
      ),
      required: true,
      example: { status: 'PAID', expiresAt: '2026-12-06T10:30:00.000Z' },
    },
  },
  AMOUNT_MISMATCH: {
    summary: "The amount sent is not the order's amount; Toss was not called.",
    message: "The amount 14000 does not match the order's amount.",
    details: {
      schema: object(
        {
          expected: { type: 'integer', description: "The order's amount, in KRW." },
          got: { type: 'integer', description: 'The amount sent.' },
        },
        ['expected', 'got'],
      ),
      required: true,
      example: { expected: 15000, got: 14000 },
    },
  },
  PAYMENT_NOT_FOUND: {
    summary: 'No such payment, or not one of yours.',
    message: 'There is no such payment.',
  },
  PAYMENT_IN_PROGRESS: {
    summary: 'Another confirm of this order is under way.',
    message: 'A payment for this order is already in progress.',
  },
  PAYMENT_OUTCOME_UNKNOWN: {
    summary:
      'Toss could not tell whether the money moved; the reconciler settles it. Do not pay or refund again.',
    message:
      'Toss could not tell us whether the payment went through. The order is being checked; do not pay again.',
    details: {
      schema: object(
        {
          orderId: {
            type: 'string',
            description: 'The order being checked (confirm, order cancel).',
          },
          refundId: { type: 'string', description: 'The refund being checked (refund).' },
        },
        [],
      ),
      required: false,
      example: { orderId: 'a6b1f0de-3c55-4d0e-8f54-2a3f4c5d6e7f' },
    },
  },
  PAYMENT_MISMATCH: {
    summary: 'Toss approved a payment that does not match the order; it has been canceled at Toss.',
    message: 'Toss approved a payment that does not match this order; it has been canceled.',
  },
  TAX_FREE_AMOUNT_MISMATCH: {
    summary:
      "Toss approved a tax-free part that is not the order's taxFreeAmount (the payment window was not given it); the approval has been canceled at Toss and the order can be paid again.",
    message:
      "Toss approved a tax-free amount of 0, not the order's 3000; the payment was canceled.",
    details: {
      schema: object(
        {
          expected: { type: 'integer', description: "The order's taxFreeAmount, in KRW." },
          got: { type: 'integer', description: 'The tax-free amount Toss approved.' },
        },
        ['expected', 'got'],
      ),
      required: true,
      example: { expected: 3000, got: 0 },
    },
  },
  CANCEL_AMOUNT_EXCEEDED: {
    summary: 'cancelAmount is more than what is left to refund; Toss was not called.',
    message: 'At most 5000 KRW can be refunded.',
    details: {
      schema: object(
        {
          cancelAmount: { type: 'integer' },
          refundableAmount: { type: 'integer' },
        },
        ['cancelAmount', 'refundableAmount'],
      ),
      required: true,
      example: { cancelAmount: 6000, refundableAmount: 5000 },
    },
  },
  TAX_FREE_AMOUNT_EXCEEDED: {
    summary:
      'The tax-free part of the refund is more than the tax-free balance left (minus refunds in flight); Toss was not called.',
    message: 'At most 3000 KRW of tax-free amount can be refunded.',
    details: {
      schema: object(
        {
          taxFreeAmount: { type: 'integer' },
          refundableTaxFreeAmount: { type: 'integer' },
        },
        ['taxFreeAmount', 'refundableTaxFreeAmount'],
      ),
      required: true,
      example: { taxFreeAmount: 4000, refundableTaxFreeAmount: 3000 },
    },
  },
  TAXABLE_AMOUNT_EXCEEDED: {
    summary:
      'The taxable part of the refund (cancelAmount minus taxFreeAmount) is more than the taxable balance left (minus refunds in flight); Toss was not called.',
    message: 'At most 7000 KRW of taxable amount can be refunded.',
    details: {
      schema: object(
        {
          taxableAmount: { type: 'integer' },
          refundableTaxableAmount: { type: 'integer' },
        },
        ['taxableAmount', 'refundableTaxableAmount'],
      ),
      required: true,
      example: { taxableAmount: 8000, refundableTaxableAmount: 7000 },
    },
  },
  REFUND_QUANTITY_EXCEEDED: {
    summary:
      'A refund line names more of an order line than is left to refund (its quantity minus refunded and in-flight line refunds); Toss was not called.',
    message: 'At most 1 of order line 2 can be refunded.',
    details: {
      schema: object(
        {
          position: { type: 'integer', description: "The order line's position." },
          quantity: { type: 'integer', description: 'The quantity asked for.' },
          refundableQuantity: { type: 'integer' },
        },
        ['position', 'quantity', 'refundableQuantity'],
      ),
      required: true,
      example: { position: 2, quantity: 2, refundableQuantity: 1 },
    },
  },
  NOT_CANCELABLE: {
    summary: 'The payment cannot be refunded (state, nothing left, or no partial cancel allowed).',
    message: 'Nothing is left to refund on this payment.',
    details: {
      schema: object(
        {
          status: { type: 'string', description: "The payment's status." },
          balanceAmount: { type: 'integer' },
        },
        [],
      ),
      required: false,
      example: { balanceAmount: 0 },
    },
  },
  REFUND_ACCOUNT_REQUIRED: {
    summary: 'Refunding a paid virtual account needs refundReceiveAccount.',
    message: 'Refunding a paid virtual account needs refundReceiveAccount.',
  },
  IDEMPOTENCY_KEY_REUSED: {
    summary: 'This Idempotency-Key was used for a different refund.',
    message: 'This Idempotency-Key was used for a different refund.',
  },
  PAYMENT_DECLINED: {
    summary: "Toss declined with a code this version does not list; Toss's code is in details.",
    message: '결제가 거절되었습니다.',
    details: {
      ...TOSS_DETAILS,
      example: { tossCode: 'NEW_DECLINE_CODE', tossMessage: '결제가 거절되었습니다.' },
    },
  },
  REFUND_REFUSED: {
    summary:
      "Toss refused the refund with a code this version does not list; Toss's code is in details.",
    message: '취소할 수 없는 결제입니다.',
    details: {
      ...TOSS_DETAILS,
      example: { tossCode: 'NEW_REFUSAL_CODE', tossMessage: '취소할 수 없는 결제입니다.' },
    },
  },
  MERCHANT_CONFIGURATION_ERROR: {
    summary:
      "Toss refused because of the shop's keys or contract (operators are alerted; nothing moved); Toss's code is in details.",
    message:
      "Toss refused the request because of this shop's payment setup; nothing was charged or refunded. Operators have been alerted.",
    details: {
      ...TOSS_DETAILS,
      example: {
        tossCode: 'UNAUTHORIZED_KEY',
        tossMessage: '인증되지 않은 시크릿 키 혹은 클라이언트 키 입니다.',
      },
    },
  },
  CUSTOMER_KEY_MISMATCH: {
    summary:
      "The customerKey sent is not the signed-in customer's (GET /billing/customer-key); Toss was not called.",
    message:
      'This customerKey is not yours: open the billing-auth window with your own customerKey.',
  },
  CARD_NOT_FOUND: {
    summary: 'No such registered card of yours, or it was deleted.',
    message: 'There is no such card.',
  },
  CARD_REGISTRATION_REFUSED: {
    summary:
      "Toss refused the card registration with a code this version does not list; Toss's code is in details.",
    message: '카드 등록에 실패했습니다.',
    details: {
      ...TOSS_DETAILS,
      example: { tossCode: 'NEW_BILLING_CODE', tossMessage: '카드 등록에 실패했습니다.' },
    },
  },
  BILLING_OUTCOME_UNKNOWN: {
    summary:
      'Toss could not tell whether the card was registered; nothing was stored. Open the billing-auth window again.',
    message:
      'Toss could not tell us whether your card was registered. Please register the card again.',
  },
  PLAN_NOT_FOUND: {
    summary: 'No such plan, or (to subscribe) it is no longer active.',
    message: 'There is no such plan.',
  },
  SUBSCRIPTION_NOT_FOUND: {
    summary: "No such subscription of yours (another customer's answers the same).",
    message: 'There is no such subscription.',
  },
  SUBSCRIPTION_ENDED: {
    summary:
      'The subscription is CANCELED or UNPAID: nothing changes it any more. Subscribe again.',
    message: 'This subscription has ended.',
  },
  NOT_SET_TO_CANCEL: {
    summary: 'Resume applies only to a subscription set to cancel at the end of its period.',
    message: 'This subscription is not set to cancel.',
  },
  PERIOD_ENDED: {
    summary: 'Too late to resume: the period that was paid for has run out.',
    message: 'The paid period has ended; subscribe again.',
  },
  CASH_RECEIPT_NOT_AVAILABLE: {
    summary:
      'A cash receipt is only for a virtual-account or transfer payment that is paid and has money left on it.',
    message: 'A cash receipt can only be issued for a paid virtual-account or transfer payment.',
    details: {
      schema: object(
        {
          method: { type: 'string', nullable: true, description: "The payment's method." },
          status: { type: 'string', description: "The payment's status." },
        },
        [],
      ),
      required: false,
      example: { method: '카드', status: 'DONE' },
    },
  },
  CASH_RECEIPT_EXISTS: {
    summary:
      'The payment already has an active cash receipt (issued in the payment window, or requested earlier with a different type or identity number).',
    message: 'This payment already has a cash receipt.',
    details: {
      schema: object(
        {
          receiptId: {
            type: 'string',
            nullable: true,
            description: 'Our id of the receipt, when it was requested through this API.',
          },
        },
        [],
      ),
      required: false,
      example: { receiptId: '5b0f3c8e-2a3b-4c1d-9e8f-7a6b5c4d3e2f' },
    },
  },
  CASH_RECEIPT_NOT_FOUND: {
    summary: 'The payment has no cash receipt.',
    message: 'This payment has no cash receipt.',
  },
  CASH_RECEIPT_OUTCOME_UNKNOWN: {
    summary:
      'Toss could not tell whether the receipt was issued; it is being checked (do not ask again; read it back later).',
    message: 'Toss could not tell us whether the cash receipt was issued. It is being checked.',
    details: {
      schema: object({ receiptId: { type: 'string' } }, ['receiptId']),
      required: true,
      example: { receiptId: '5b0f3c8e-2a3b-4c1d-9e8f-7a6b5c4d3e2f' },
    },
  },
};

/** A set of Toss's own codes answered with one status of ours: one schema, one example per code. */
export interface TossCodeGroup {
  schemaName: string;
  status: number;
  codes: readonly string[];
  summary: string;
  message: string;
}

export const TOSS_CONFIRM_DECLINES: TossCodeGroup = {
  schemaName: 'TossDeclineError',
  status: TOSS_REFUSAL_STATUS.decline,
  codes: CONFIRM_DECLINE_CODES,
  summary:
    "Toss declined: the customer's card, account or session said no. Toss's code and message (show the message; the order is PENDING again, paying again may work).",
  message: '한도초과 혹은 잔액부족으로 결제에 실패했습니다.',
};

export const TOSS_REFUND_ACCOUNT_REFUSALS: TossCodeGroup = {
  schemaName: 'TossRefundAccountError',
  status: TOSS_REFUSAL_STATUS.refundAccount,
  codes: REFUND_ACCOUNT_CODES,
  summary:
    "Toss refused the refund account given (Toss's code and message); another account may work.",
  message: '환불 계좌번호와 예금주명이 일치하지 않습니다.',
};

export const TOSS_REFUND_STATE_REFUSALS: TossCodeGroup = {
  schemaName: 'TossRefundStateError',
  status: TOSS_REFUSAL_STATUS.refundState,
  codes: REFUND_STATE_CODES,
  summary: "The payment's state at Toss does not allow this refund (Toss's code and message).",
  message: '취소 할 수 없는 금액 입니다.',
};

export const TOSS_BILLING_ISSUE_DECLINES: TossCodeGroup = {
  schemaName: 'TossCardRegistrationDeclineError',
  status: TOSS_REFUSAL_STATUS.decline,
  codes: BILLING_ISSUE_DECLINE_CODES,
  summary:
    "Toss refused to register the card: the card or the billing-auth session said no. Toss's code and message (show the message; registering again, or another card, may work).",
  message: '유효하지 않은 빌링 인증입니다.',
};

export const TOSS_CASH_RECEIPT_REFUSALS: TossCodeGroup = {
  schemaName: 'TossCashReceiptRefusalError',
  status: TOSS_REFUSAL_STATUS.cashReceipt,
  codes: CASH_RECEIPT_REFUSAL_CODES,
  summary:
    "Toss (or the National Tax Service) refused the identity number or type given for the cash receipt (Toss's code and message); asking again with a corrected number may work.",
  message: '현금영수증 발급 정보가 유효하지 않습니다.',
};

export const TOSS_CODE_GROUPS = [
  TOSS_CONFIRM_DECLINES,
  TOSS_BILLING_ISSUE_DECLINES,
  TOSS_REFUND_ACCOUNT_REFUSALS,
  TOSS_REFUND_STATE_REFUSALS,
  TOSS_CASH_RECEIPT_REFUSALS,
];
