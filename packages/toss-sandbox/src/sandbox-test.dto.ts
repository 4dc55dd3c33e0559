/**
 * The OpenAPI schemas of the sandbox's test controls (sandbox-docs.ts). Documentation only: the
 * controller reads bodies by hand (payment-rules.ts, fault-rules.ts, sandbox-test.service.ts); the
 * answers implement the service's view types so that the two cannot drift apart unnoticed.
 */
import { ApiExtraModels, ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { getSchemaPath } from '@nestjs/swagger';
import {
  FAULT_KINDS,
  FAULT_OPERATIONS,
  FaultKind,
  FaultOperation,
  MAX_LATENCY_MS,
} from './fault-rules';
import { CARD_TYPES, CUSTOMER_KEY_PATTERN, OWNER_TYPES } from './billing-rules';
import { ISSUE_STATUSES, IssueStatus } from './cash-receipt-rules';
import {
  BANK_CODES,
  CARD_ISSUERS,
  DUE_DATE_PATTERN,
  METADATA_RULE,
  ORDER_ID_PATTERN,
  VA_WINDOW_MAX_VALID_HOURS,
} from './payment-rules';
import type {
  BillingKeyView,
  BillingReadBack as BillingReadBackView,
} from './sandbox-billing.service';
import type { CashReceiptReadBack as CashReceiptReadBackView } from './sandbox-cash-receipts.service';
import type {
  ClockView,
  FaultView,
  ReadBack as ReadBackView,
  WebhookDeliveryView,
} from './sandbox-test.service';
import type { DeliveryStatus, WebhookEventType } from './sandbox-webhook-delivery.entity';
import {
  BILLING_KEY_EXAMPLE,
  BillingCard,
  CashReceipt,
  CashReceiptFailureDto,
  CashReceiptOption,
  CUSTOMER_KEY_EXAMPLE,
  Payment,
  PAYMENT_STATUSES,
} from './toss-api.dto';
import type { TossPaymentStatus } from './toss-payment.types';

const ORDER_ID_EXAMPLE = 'order_20240501_0001';
const orderId = {
  type: 'string',
  pattern: ORDER_ID_PATTERN,
  minLength: 6,
  maxLength: 64,
  description: "The merchant's order number: 6–64 of A–Z a–z 0–9 - _ = .",
  example: ORDER_ID_EXAMPLE,
} as const;

/** The method names authorize takes: Toss SDK's English names and the Payment.method values. */
export const AUTHORIZE_METHODS = [
  'CARD',
  'VIRTUAL_ACCOUNT',
  'TRANSFER',
  'MOBILE_PHONE',
  'EASY_PAY',
  '카드',
  '가상계좌',
  '계좌이체',
  '휴대폰',
  '간편결제',
];

// ---------------------------------------------------------------- the customer's side

@ApiSchema({
  name: 'AuthorizePaymentRequest',
  description:
    "What the customer does in Toss's payment window, without a browser. Only orderId and amount " +
    'are required; everything else has the default shown.',
})
export class AuthorizePaymentRequest {
  @ApiProperty(orderId)
  orderId: string;

  @ApiProperty({
    type: 'integer',
    minimum: 1,
    description:
      'In KRW. Below 100 (200 for VIRTUAL_ACCOUNT and TRANSFER) is 400 BELOW_MINIMUM_AMOUNT.',
    example: 15000,
  })
  amount: number;

  @ApiPropertyOptional({
    type: 'string',
    minLength: 1,
    maxLength: 100,
    nullable: true,
    description: 'Default 테스트 주문.',
    example: '상품1 외 1건',
  })
  orderName?: string | null;

  @ApiPropertyOptional({
    type: 'string',
    enum: AUTHORIZE_METHODS,
    // No `default` keyword: generators such as openapi-typescript would make the field required.
    description:
      "The payment method, by the SDK's name or Payment.method's (default CARD). A VIRTUAL_ACCOUNT payment is " +
      'WAITING_FOR_DEPOSIT after confirm until depositToVirtualAccount.',
  })
  method?: string;

  @ApiPropertyOptional({
    type: 'string',
    pattern: '^[A-Z][A-Z0-9_]*$',
    maxLength: 64,
    nullable: true,
    description:
      'SUCCESS (default) or DONE: the confirm approves. Any other code, e.g. REJECT_CARD_PAYMENT or ' +
      "INVALID_CARD_EXPIRATION: the confirm declines with it (Toss's status for a code it knows, " +
      'else 400) and the payment ends ABORTED.',
    example: 'SUCCESS',
  })
  outcome?: string | null;

  @ApiPropertyOptional({
    type: 'string',
    minLength: 1,
    maxLength: 100,
    nullable: true,
    description: 'Default 토스테스트.',
  })
  customerName?: string | null;

  @ApiPropertyOptional({
    type: 'string',
    format: 'date-time',
    description:
      'When the customer authenticated (default: now, on the sandbox clock). The confirm must ' +
      'come within 10 minutes of it, else 404 NOT_FOUND_PAYMENT_SESSION and the payment EXPIRED.',
  })
  authenticatedAt?: string;

  @ApiPropertyOptional({
    type: 'string',
    enum: [...BANK_CODES],
    nullable: true,
    description:
      "Toss's bank code (else 400 INVALID_BANK): the virtual account's bank (default 20) or the " +
      "transfer's (default 88).",
  })
  bank?: string | null;

  @ApiPropertyOptional({
    type: 'string',
    enum: [...CARD_ISSUERS],
    nullable: true,
    description: "Toss's card issuer code (default 61).",
  })
  cardIssuerCode?: string | null;

  @ApiPropertyOptional({
    type: 'integer',
    minimum: 0,
    maximum: 36,
    nullable: true,
    description: 'Card installments (default 0); more than 0 only from 50,000 KRW.',
  })
  installmentPlanMonths?: number | null;

  @ApiPropertyOptional({
    type: 'string',
    pattern: '^\\d{8,15}$',
    nullable: true,
    description: 'MOBILE_PHONE (default 01012345678).',
  })
  customerMobilePhone?: string | null;

  @ApiPropertyOptional({
    type: 'string',
    minLength: 1,
    maxLength: 30,
    nullable: true,
    description: 'EASY_PAY provider (default 토스페이).',
  })
  easyPayProvider?: string | null;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'string', maxLength: METADATA_RULE.maxValueLength },
    maxProperties: METADATA_RULE.maxKeys,
    nullable: true,
    description:
      `requestPayment's metadata, answered as Payment.metadata: at most ${METADATA_RULE.maxKeys} ` +
      `pairs, keys of at most ${METADATA_RULE.maxKeyLength} characters without [ or ], string ` +
      `values of at most ${METADATA_RULE.maxValueLength} characters (else 400 INVALID_REQUEST).`,
    example: { campaign: 'spring' },
  })
  metadata?: Record<string, string> | null;

  @ApiPropertyOptional({
    type: 'integer',
    minimum: 0,
    nullable: true,
    description:
      'The tax-free part of amount, at most amount (default 0): Payment.taxFreeAmount, and VAT ' +
      'is round((amount − taxFreeAmount) / 11).',
    example: 0,
  })
  taxFreeAmount?: number | null;

  @ApiPropertyOptional({
    type: () => CashReceiptOption,
    nullable: true,
    description:
      'VIRTUAL_ACCOUNT and TRANSFER only (virtualAccount.cashReceipt / transfer.cashReceipt and ' +
      'the number the customer types in the window): Payment.cashReceipt and cashReceipts from ' +
      'confirm (transfer) or deposit (virtual account) on. 미발행 (no receipt) goes with any method.',
    // 미발행: Swagger UI's sample body then authorizes a card as it is.
    example: { type: '미발행' },
  })
  cashReceipt?: CashReceiptOption | null;

  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    maximum: VA_WINDOW_MAX_VALID_HOURS,
    nullable: true,
    description:
      'VIRTUAL_ACCOUNT only (virtualAccount.validHours): the account issued at confirm is payable ' +
      'for this many hours (default 168), e.g. 24. Not together with dueDate.',
    // null (= absent): Swagger UI's sample body then authorizes a card as it is.
    example: null,
  })
  validHours?: number | null;

  @ApiPropertyOptional({
    type: 'string',
    pattern: DUE_DATE_PATTERN,
    nullable: true,
    description:
      "VIRTUAL_ACCOUNT only (virtualAccount.dueDate): pay by then, yyyy-MM-dd'T'HH:mm:ss in Seoul " +
      `time, ahead of the sandbox clock by at most ${VA_WINDOW_MAX_VALID_HOURS} hours. Not ` +
      'together with validHours. E.g. 2024-05-08T23:59:59.',
    example: null,
  })
  dueDate?: string | null;
}

@ApiSchema({
  name: 'AuthorizePaymentResponse',
  description: 'What Toss puts on the successUrl: hand it to confirmPayment.',
})
export class AuthorizePaymentResponse {
  @ApiProperty({ type: 'string', example: 'tgen_20240501190000AbCdE12' })
  paymentKey: string;

  @ApiProperty(orderId)
  orderId: string;

  @ApiProperty({ type: 'integer', example: 15000 })
  amount: number;

  @ApiProperty({ type: 'string', enum: ['NORMAL'] })
  paymentType: 'NORMAL';
}

@ApiSchema({
  name: 'DepositRequest',
  description:
    'The virtual account to pay into: by paymentKey, else the latest payment of orderId.',
})
export class DepositRequest {
  @ApiPropertyOptional({ type: 'string', nullable: true, example: 'tgen_20240501190000AbCdE12' })
  paymentKey?: string | null;

  @ApiPropertyOptional({ ...orderId, description: 'Used when paymentKey is absent.' })
  orderId?: string;
}

@ApiSchema({
  name: 'AuthorizeBillingRequest',
  description:
    'What the customer does in the billing-auth window (requestBillingAuth), without a browser. ' +
    'Only customerKey is required; everything else has the default shown.',
})
export class AuthorizeBillingRequest {
  @ApiProperty({
    type: 'string',
    pattern: CUSTOMER_KEY_PATTERN,
    description:
      "As requestBillingAuth's payment({customerKey}) takes it: 2–50 of A–Z a–z 0–9 - _ = . @ " +
      '(else 400 INVALID_CUSTOMER_KEY).',
    example: CUSTOMER_KEY_EXAMPLE,
  })
  customerKey: string;

  @ApiPropertyOptional({
    type: 'string',
    pattern: '^[0-9 -]+$',
    nullable: true,
    description:
      'The card number: 15 or 16 digits, spaces and hyphens ignored (else 400 ' +
      'INVALID_CARD_NUMBER); default 4330123412341234. Billing.card.number shows it masked.',
  })
  cardNumber?: string | null;

  @ApiPropertyOptional({
    type: 'string',
    enum: [...CARD_ISSUERS],
    nullable: true,
    description: "Toss's card issuer code (default 61).",
  })
  cardIssuerCode?: string | null;

  @ApiPropertyOptional({
    type: 'string',
    enum: [...CARD_TYPES],
    nullable: true,
    description: 'Default 신용.',
  })
  cardType?: string | null;

  @ApiPropertyOptional({
    type: 'string',
    enum: [...OWNER_TYPES],
    nullable: true,
    description: 'Default 개인.',
  })
  ownerType?: string | null;

  @ApiPropertyOptional({
    type: 'string',
    pattern: '^[A-Z][A-Z0-9_]*$',
    maxLength: 64,
    nullable: true,
    description:
      'REGISTER (default) or SUCCESS: the card is registered. Any other code, e.g. ' +
      'INVALID_STOPPED_CARD or REJECT_CARD_COMPANY, is answered as the refusal the window would ' +
      "put on failUrl (Toss's status for a code it knows, else 400), and no authKey is made.",
    example: 'REGISTER',
  })
  outcome?: string | null;
}

@ApiSchema({
  name: 'AuthorizeBillingResponse',
  description:
    'What Toss puts on the successUrl of requestBillingAuth: hand it to issueBillingKey within ' +
    '10 minutes (sandbox clock).',
})
export class AuthorizeBillingResponse {
  @ApiProperty({
    type: 'string',
    maxLength: 300,
    description: 'One-time.',
    example: 'kM3f0q9nXb7Tg5yWzP1aLcR8vD2eH6jU4sN0oQxYtBw',
  })
  authKey: string;

  @ApiProperty({ type: 'string', example: CUSTOMER_KEY_EXAMPLE })
  customerKey: string;
}

@ApiSchema({
  name: 'DeleteBillingKeyRequest',
  description: 'Why the issuer deleted the key (BILLING_DELETED.data.reason).',
})
export class DeleteBillingKeyRequest {
  @ApiPropertyOptional({
    type: 'string',
    minLength: 1,
    maxLength: 200,
    nullable: true,
    description: 'Default 카드사 요청; null sends a null reason.',
    example: '카드 해지',
  })
  reason?: string | null;
}

// ---------------------------------------------------------------- faults

@ApiSchema({
  name: 'AddFaultRequest',
  description:
    'A fault for the Toss API. Aimed at orderId, paymentKey or billingKey (at most one; none: ' +
    'every request); the most specific matching fault (payment, then order, then billing key, ' +
    'then global) applies. kind and operation are case-insensitive.',
})
export class AddFaultRequest {
  @ApiProperty({
    type: 'string',
    enum: FAULT_KINDS,
    description:
      'LATENCY: wait until latencyMs after arrival, then run. DECLINE: answer `code`; a confirm ' +
      'or a billing charge leaves its payment ABORTED. ERROR: answer 5xx without running. ' +
      'APPROVE_THEN_ERROR: run and commit, ' +
      'then answer 5xx. APPROVE_THEN_HANG: run and commit, never answer. HANG: never run or ' +
      'answer. RESET: destroy the connection. RATE_LIMIT: answer 429 TOO_MANY_REQUESTS.',
    example: 'ERROR',
  })
  kind: FaultKind;

  @ApiPropertyOptional({
    type: 'string',
    enum: FAULT_OPERATIONS,
    nullable: true,
    description:
      'Only this operation (confirm also covers issueVirtualAccount; billing-issue, ' +
      'billing-charge and billing-delete are issueBillingKey, chargeBillingKey and ' +
      'deleteBillingKey); default: all.',
  })
  operation?: FaultOperation | null;

  @ApiPropertyOptional({ ...orderId, nullable: true })
  orderId?: string | null;

  @ApiPropertyOptional({ type: 'string', minLength: 1, maxLength: 200, nullable: true })
  paymentKey?: string | null;

  @ApiPropertyOptional({
    type: 'string',
    minLength: 1,
    maxLength: 200,
    nullable: true,
    description: 'Requests naming this billing key: its charges (any orderId) and its delete.',
  })
  billingKey?: string | null;

  @ApiPropertyOptional({
    type: 'integer',
    minimum: 0,
    maximum: MAX_LATENCY_MS,
    nullable: true,
    description: 'Required for LATENCY; delays any other kind too.',
  })
  latencyMs?: number | null;

  @ApiPropertyOptional({
    type: 'string',
    pattern: '^[A-Z][A-Z0-9_]{0,63}$',
    nullable: true,
    description:
      'The Toss code to answer: required for DECLINE; ERROR and APPROVE_THEN_ERROR default to ' +
      'FAILED_INTERNAL_SYSTEM_PROCESSING, RATE_LIMIT to TOO_MANY_REQUESTS.',
  })
  code?: string | null;

  @ApiPropertyOptional({
    type: 'integer',
    minimum: 400,
    maximum: 599,
    nullable: true,
    description: "The HTTP status to answer with (default: Toss's status for the code).",
  })
  httpStatus?: number | null;

  @ApiPropertyOptional({
    type: 'integer',
    minimum: 400,
    maximum: 599,
    nullable: true,
    description: 'Alias of httpStatus (httpStatus wins).',
  })
  status?: number | null;

  @ApiPropertyOptional({
    type: 'string',
    maxLength: 510,
    nullable: true,
    description: "The message to answer with (default: Toss's message for the code).",
  })
  message?: string | null;

  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    maximum: 1_000_000,
    nullable: true,
    description: 'Apply this many times; default: until cleared.',
  })
  count?: number | null;

  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    maximum: 1_000_000,
    nullable: true,
    description: 'Alias of count (count wins).',
  })
  remaining?: number | null;
}

@ApiSchema({ name: 'Fault', description: 'A fault in force.' })
export class Fault implements FaultView {
  @ApiProperty({ type: 'string', format: 'uuid' })
  id: string;

  @ApiProperty({ type: 'string', enum: FAULT_KINDS })
  kind: FaultKind;

  @ApiProperty({ type: 'string', enum: FAULT_OPERATIONS, nullable: true })
  operation: FaultOperation | null;

  @ApiProperty({ type: 'string', nullable: true })
  orderId: string | null;

  @ApiProperty({ type: 'string', nullable: true })
  paymentKey: string | null;

  @ApiProperty({ type: 'string', nullable: true })
  billingKey: string | null;

  @ApiProperty({ type: 'integer', nullable: true })
  latencyMs: number | null;

  @ApiProperty({ type: 'string', nullable: true })
  code: string | null;

  @ApiProperty({ type: 'integer', nullable: true })
  httpStatus: number | null;

  @ApiProperty({ type: 'string', nullable: true })
  message: string | null;

  @ApiProperty({
    type: 'integer',
    nullable: true,
    description: 'Applications left; null: until cleared.',
  })
  remaining: number | null;

  @ApiProperty({ type: 'integer', description: 'Times applied so far.' })
  applied: number;

  @ApiProperty({ type: 'string', format: 'date-time' })
  createdAt: string;
}

@ApiSchema({ name: 'FaultList', description: 'The faults in force, oldest first.' })
export class FaultList {
  @ApiProperty({ type: () => Fault, isArray: true })
  faults: Fault[];
}

@ApiSchema({ name: 'DeletedFaults', description: 'How many faults were cleared.' })
export class DeletedFaults {
  @ApiProperty({ type: 'integer', minimum: 0 })
  deleted: number;
}

// ---------------------------------------------------------------- clock

@ApiSchema({
  name: 'Clock',
  description:
    "The sandbox's now: real time plus an offset, shared by every instance on its database.",
})
export class Clock implements ClockView {
  @ApiProperty({
    type: 'string',
    format: 'date-time',
    description: 'Seoul time.',
    example: '2024-05-01T19:00:00+09:00',
  })
  now: string;

  @ApiProperty({ type: 'integer', description: 'Milliseconds ahead of real time.', example: 0 })
  offsetMs: number;
}

@ApiSchema({
  name: 'SetClockRequest',
  description: 'Either an offset from real time or an instant to be at (offsetMs wins).',
})
export class SetClockRequest {
  @ApiPropertyOptional({
    type: 'integer',
    description: 'Milliseconds ahead of real time, e.g. 660000 to pass the 10-minute window.',
    example: 660000,
  })
  offsetMs?: number;

  @ApiPropertyOptional({
    type: 'string',
    format: 'date-time',
    example: '2024-05-01T19:00:00+09:00',
  })
  now?: string;
}

@ApiSchema({ name: 'ResetResult', description: 'Faults cleared and the clock back at real time.' })
export class ResetResult {
  @ApiProperty({ type: 'integer', minimum: 0 })
  faultsDeleted: number;

  @ApiProperty({ type: () => Clock })
  clock: Clock;
}

// ---------------------------------------------------------------- read-back

@ApiSchema({
  name: 'ReadBack',
  description: 'Everything the sandbox holds for one order, for assertions.',
})
export class ReadBack implements ReadBackView {
  @ApiProperty(orderId)
  orderId: string;

  @ApiProperty({ type: () => Payment, isArray: true, description: 'Every payment, oldest first.' })
  payments: Payment[];

  @ApiProperty({
    type: () => Payment,
    nullable: true,
    description: 'The latest (what getPaymentByOrderId answers).',
  })
  payment: Payment | null;

  @ApiProperty({
    type: 'integer',
    description:
      'confirmPayment and issueVirtualAccount calls received, whatever their answer (replays, ' +
      'refused and faulted calls included).',
  })
  confirmCalls: number;

  @ApiProperty({
    type: 'integer',
    description: 'chargeBillingKey calls received for the order, whatever their answer.',
  })
  chargeCalls: number;

  @ApiProperty({ type: 'integer', description: 'cancelPayment calls received.' })
  cancelCalls: number;

  @ApiProperty({ type: 'integer', description: 'Lookups received.' })
  getCalls: number;

  @ApiProperty({
    type: 'integer',
    description:
      'Successful confirms and billing charges (an issued virtual account counts as one).',
  })
  approvals: number;

  @ApiProperty({ type: 'integer' })
  deposits: number;

  @ApiProperty({
    type: 'integer',
    description: 'Cancel transactions (each partial cancel counts).',
  })
  cancels: number;
}

@ApiSchema({
  name: 'BillingKeyState',
  description: 'A billing key as the sandbox holds it, with the payments charged with it.',
})
export class BillingKeyState implements BillingKeyView {
  @ApiProperty({
    type: 'string',
    maxLength: 200,
    description:
      'Shown because this is a test control (Toss never shows a key again): aim faults at it, ' +
      'or delete it as the issuer.',
    example: BILLING_KEY_EXAMPLE,
  })
  billingKey: string;

  @ApiProperty({ type: 'string', example: CUSTOMER_KEY_EXAMPLE })
  customerKey: string;

  @ApiProperty({ type: 'string', enum: ['카드'] })
  method: '카드';

  @ApiProperty({ type: () => BillingCard })
  card: BillingCard;

  @ApiProperty({
    type: 'string',
    format: 'date-time',
    description: 'Card registered in the window.',
  })
  authenticatedAt: string;

  @ApiProperty({ type: 'string', format: 'date-time', description: 'Key issued.' })
  issuedAt: string;

  @ApiProperty({
    type: 'string',
    enum: ['ACTIVE', 'DELETED'],
    description: 'DELETED: charges are refused (400 INVALID_BILL_KEY_REQUEST).',
  })
  status: 'ACTIVE' | 'DELETED';

  @ApiProperty({ type: 'string', format: 'date-time', nullable: true })
  deletedAt: string | null;

  @ApiProperty({ type: 'string', nullable: true, description: "BILLING_DELETED's reason." })
  deleteReason: string | null;

  @ApiProperty({
    type: () => Payment,
    isArray: true,
    description: 'Every charge (type BILLING), oldest first, declined ones (ABORTED) included.',
  })
  payments: Payment[];
}

@ApiSchema({ name: 'BillingReadBack', description: "A customer's billing keys, for assertions." })
export class BillingReadBack implements BillingReadBackView {
  @ApiProperty({ type: 'string', example: CUSTOMER_KEY_EXAMPLE })
  customerKey: string;

  @ApiProperty({
    type: () => BillingKeyState,
    isArray: true,
    description: 'Its issued keys, oldest first, deleted ones included.',
  })
  billingKeys: BillingKeyState[];
}

const WEBHOOK_TIME = {
  type: 'string',
  pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{6}$',
  description: "yyyy-MM-dd'T'HH:mm:ss.SSSSSS in Seoul time, no offset (as Toss sends it).",
  example: '2024-05-01T19:00:00.000000',
} as const;

@ApiSchema({
  name: 'PaymentStatusChangedWebhook',
  description: 'Sent on every status change.',
})
export class PaymentStatusChangedWebhook {
  @ApiProperty({ type: 'string', enum: ['PAYMENT_STATUS_CHANGED'] })
  eventType: 'PAYMENT_STATUS_CHANGED';

  @ApiProperty(WEBHOOK_TIME)
  createdAt: string;

  @ApiProperty({ type: () => Payment })
  data: Payment;
}

@ApiSchema({
  name: 'DepositCallbackWebhook',
  description: "A virtual account's issue, deposit or cancellation: flat, no eventType.",
})
export class DepositCallbackWebhook {
  @ApiProperty(WEBHOOK_TIME)
  createdAt: string;

  @ApiProperty({ type: 'string', nullable: true, description: "The payment's secret." })
  secret: string | null;

  @ApiProperty({ type: 'string', enum: PAYMENT_STATUSES })
  status: TossPaymentStatus;

  @ApiProperty({ type: 'string' })
  transactionKey: string;

  @ApiProperty(orderId)
  orderId: string;
}

@ApiSchema({
  name: 'BillingDeletedWebhookData',
  description: 'The key deleted and why.',
})
export class BillingDeletedWebhookData {
  @ApiProperty({ type: 'string', maxLength: 200, example: BILLING_KEY_EXAMPLE })
  billingKey: string;

  @ApiProperty({
    type: 'string',
    nullable: true,
    maxLength: 200,
    description:
      "삭제 API 요청 after deleteBillingKey; the issuer's reason after deleteBillingKeyAsIssuer.",
    example: '삭제 API 요청',
  })
  reason: string | null;
}

@ApiSchema({
  name: 'BillingDeletedWebhook',
  description: 'A billing key was deleted (by deleteBillingKey or by the issuer): no customerKey.',
})
export class BillingDeletedWebhook {
  @ApiProperty({ type: 'string', enum: ['BILLING_DELETED'] })
  eventType: 'BILLING_DELETED';

  @ApiProperty(WEBHOOK_TIME)
  createdAt: string;

  @ApiProperty({ type: () => BillingDeletedWebhookData })
  data: BillingDeletedWebhookData;
}

@ApiSchema({ name: 'WebhookDelivery', description: 'One webhook and how its delivery went.' })
@ApiExtraModels(PaymentStatusChangedWebhook, DepositCallbackWebhook, BillingDeletedWebhook)
export class WebhookDelivery implements WebhookDeliveryView {
  @ApiProperty({
    type: 'string',
    format: 'uuid',
    description: 'Sent as tosspayments-webhook-transmission-id; the same on every retry.',
  })
  transmissionId: string;

  @ApiProperty({
    type: 'string',
    enum: ['PAYMENT_STATUS_CHANGED', 'DEPOSIT_CALLBACK', 'BILLING_DELETED'],
  })
  eventType: WebhookEventType;

  @ApiProperty({ ...orderId, nullable: true, description: 'Null for BILLING_DELETED.' })
  orderId: string | null;

  @ApiProperty({ type: 'string', nullable: true })
  paymentKey: string | null;

  @ApiProperty({ type: 'string', nullable: true, description: "BILLING_DELETED's key." })
  billingKey: string | null;

  @ApiProperty({
    type: 'string',
    enum: ['PENDING', 'DELIVERED', 'FAILED'],
    description: 'FAILED after the last of 7 retries (+1, 4, 16, 64, 256, 1024, 4096 s).',
  })
  status: DeliveryStatus;

  @ApiProperty({ type: 'integer' })
  attempts: number;

  @ApiProperty({ type: 'string', nullable: true, description: 'Where the last attempt went.' })
  url: string | null;

  @ApiProperty({ type: 'integer', nullable: true })
  lastStatusCode: number | null;

  @ApiProperty({ type: 'string', nullable: true })
  lastError: string | null;

  @ApiProperty({ type: 'string', format: 'date-time' })
  createdAt: string;

  @ApiProperty({ type: 'string', format: 'date-time', nullable: true })
  deliveredAt: string | null;

  @ApiProperty({
    oneOf: [
      { $ref: getSchemaPath(PaymentStatusChangedWebhook) },
      { $ref: getSchemaPath(DepositCallbackWebhook) },
      { $ref: getSchemaPath(BillingDeletedWebhook) },
    ],
    description: 'The body posted (by eventType).',
  })
  payload: PaymentStatusChangedWebhook | DepositCallbackWebhook | BillingDeletedWebhook;
}

@ApiSchema({
  name: 'WebhookDeliveryList',
  description:
    "The order's or the billing key's webhooks, oldest first; with neither the 100 latest of " +
    'all, newest first.',
})
export class WebhookDeliveryList {
  @ApiProperty({ type: () => WebhookDelivery, isArray: true })
  deliveries: WebhookDelivery[];
}

// ---------------------------------------------------------------- cash receipts

@ApiSchema({
  name: 'ReceiptOutcomeRequest',
  description: "The NTS's outcome for a receipt, from now on.",
})
export class ReceiptOutcomeRequest {
  @ApiProperty({ type: 'string', enum: [...ISSUE_STATUSES], example: 'FAILED' })
  issueStatus: IssueStatus;

  @ApiPropertyOptional({
    type: () => CashReceiptFailureDto,
    nullable: true,
    description: 'FAILED only; default {code: NTS_ERROR, message: "[XXX] …"}.',
  })
  failure?: CashReceiptFailureDto | null;
}

@ApiSchema({
  name: 'CashReceiptReadBack',
  description: "An order's cash receipts and the receipt calls received for it, for assertions.",
})
export class CashReceiptReadBack implements CashReceiptReadBackView {
  @ApiProperty(orderId)
  orderId: string;

  @ApiProperty({
    type: () => CashReceipt,
    isArray: true,
    description: 'Issues and cancels, with its payments or not, oldest first.',
  })
  receipts: CashReceipt[];

  @ApiProperty({
    type: 'integer',
    description: 'issueCashReceipt calls received for the order, whatever their answer.',
  })
  issueCalls: number;

  @ApiProperty({
    type: 'integer',
    description:
      "cancelCashReceipt calls received for the order's receipts, whatever their answer.",
  })
  cancelCalls: number;
}
