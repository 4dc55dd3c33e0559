/**
 * The OpenAPI schemas of Toss's core API as the sandbox serves it (sandbox-docs.ts). Documentation
 * only: the controllers read bodies by hand (payment-rules.ts) and answer with toss-payment.types.ts
 * shapes, which these classes implement so that the two cannot drift apart unnoticed. The package is
 * compiled by plain tsc (no Swagger CLI plugin): every property carries an explicit @ApiProperty.
 */
import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { CARD_TYPES, OWNER_TYPES } from './billing-rules';
import {
  CASH_RECEIPT_TYPES,
  CashReceiptFailure,
  CashReceiptTransactionType,
  CashReceiptType,
  IDENTITY_NUMBER_PATTERN,
  ISSUE_STATUSES,
  IssueStatus,
  TossCashReceiptJson,
  TossCashReceiptListJson,
  WINDOW_CASH_RECEIPT_TYPES,
  WindowCashReceiptType,
} from './cash-receipt-rules';
import {
  BANK_CODES,
  CARD_ISSUERS,
  DUE_DATE_PATTERN,
  METADATA_RULE,
  ORDER_ID_PATTERN,
  VA_API_MAX_VALID_HOURS,
} from './payment-rules';
import {
  SandboxMethod,
  TOSS_API_VERSION,
  TossBillingCard,
  TossBillingJson,
  TossCancel,
  TossCard,
  TossEasyPay,
  TossFailure,
  TossMobilePhone,
  TossPaymentCashReceipt,
  TossPaymentJson,
  TossPaymentStatus,
  TossPaymentType,
  TossTransfer,
  TossVirtualAccount,
} from './toss-payment.types';

export const PAYMENT_STATUSES: TossPaymentStatus[] = [
  'READY',
  'IN_PROGRESS',
  'WAITING_FOR_DEPOSIT',
  'DONE',
  'CANCELED',
  'PARTIAL_CANCELED',
  'ABORTED',
  'EXPIRED',
];
export const PAYMENT_METHODS: SandboxMethod[] = [
  '카드',
  '가상계좌',
  '계좌이체',
  '휴대폰',
  '간편결제',
];
const SETTLEMENT_STATUSES = ['INCOMPLETED', 'COMPLETED'];
const BANKS = [...BANK_CODES];

/** Toss's timestamps: ISO 8601 in Seoul time with its offset. */
const KST_EXAMPLE = '2024-05-01T19:00:00+09:00';
const PAYMENT_KEY_EXAMPLE = 'tgen_20240501190000AbCdE12';
const ORDER_ID_EXAMPLE = 'order_20240501_0001';
export const BILLING_KEY_EXAMPLE = 'Z_t5vOvQxrj4499PeiJcjen28-V2RyqgYTwN44Rdzk0=';
export const CUSTOMER_KEY_EXAMPLE = 'c9a1f0e2-7d3b-4a6e-9f00-1234567890ab';

const orderId = {
  type: 'string',
  pattern: ORDER_ID_PATTERN,
  minLength: 6,
  maxLength: 64,
  description: "The merchant's order number: 6–64 of A–Z a–z 0–9 - _ = .",
  example: ORDER_ID_EXAMPLE,
} as const;

// ---------------------------------------------------------------- errors

@ApiSchema({
  name: 'TossError',
  description:
    "Every error, as Toss answers it: Toss's code (UPPER_SNAKE) and a Korean message. Clients " +
    'switch on `code`; each operation lists the codes it answers per HTTP status.',
})
export class TossError {
  @ApiProperty({
    type: 'string',
    pattern: '^[A-Z][A-Z0-9_]*$',
    description: "Toss's error code.",
    example: 'NOT_FOUND_PAYMENT',
  })
  code: string;

  @ApiProperty({
    type: 'string',
    description: "Toss's message (Korean), for people; it may be more specific than Toss's.",
    example: '존재하지 않는 결제 정보 입니다.',
  })
  message: string;
}

// ---------------------------------------------------------------- the Payment object

@ApiSchema({ name: 'Card', description: 'The card a payment was made with (method 카드).' })
export class Card implements TossCard {
  @ApiProperty({ type: 'integer', description: 'Amount charged to the card.', example: 15000 })
  amount: number;

  @ApiProperty({ type: 'string', description: "Issuer's two-character code.", example: '61' })
  issuerCode: string;

  @ApiProperty({
    type: 'string',
    nullable: true,
    description: "Acquirer's two-character code.",
    example: '61',
  })
  acquirerCode: string | null;

  @ApiProperty({ type: 'string', description: 'Masked card number.', example: '43301234****123*' })
  number: string;

  @ApiProperty({ type: 'integer', minimum: 0, maximum: 36, description: '0: paid in full.' })
  installmentPlanMonths: number;

  @ApiProperty({
    type: 'string',
    description: 'Approval number (00000000 in test).',
    example: '00000000',
  })
  approveNo: string;

  @ApiProperty({ type: 'boolean' })
  useCardPoint: boolean;

  @ApiProperty({ type: 'string', description: '신용, 체크, 기프트 or 미확인.', example: '신용' })
  cardType: string;

  @ApiProperty({ type: 'string', description: '개인, 법인 or 미확인.', example: '개인' })
  ownerType: string;

  @ApiProperty({
    type: 'string',
    enum: ['READY', 'REQUESTED', 'COMPLETED', 'CANCEL_REQUESTED', 'CANCELED'],
  })
  acquireStatus: TossCard['acquireStatus'];

  @ApiProperty({ type: 'boolean' })
  isInterestFree: boolean;

  @ApiProperty({ type: 'string', nullable: true })
  interestPayer: string | null;
}

@ApiSchema({
  name: 'VirtualAccount',
  description: 'The account the customer pays into (method 가상계좌).',
})
export class VirtualAccount implements TossVirtualAccount {
  @ApiProperty({ type: 'string', enum: ['일반', '고정'] })
  accountType: TossVirtualAccount['accountType'];

  @ApiProperty({
    type: 'string',
    description: 'Test accounts start with X and cannot receive real money.',
    example: 'X1234567890123',
  })
  accountNumber: string;

  @ApiProperty({ type: 'string', enum: BANKS, description: "Toss's bank code.", example: '20' })
  bankCode: string;

  @ApiProperty({ type: 'string', example: '토스테스트' })
  customerName: string;

  @ApiProperty({ type: 'string', nullable: true, description: 'Set once the deposit is made.' })
  depositorName: string | null;

  @ApiProperty({
    type: 'string',
    format: 'date-time',
    description:
      'Pay by then (Seoul time): the dueDate asked for, else issue (confirm) + validHours, else ' +
      'issue + 168 hours.',
    example: KST_EXAMPLE,
  })
  dueDate: string;

  @ApiProperty({
    type: 'string',
    enum: ['NONE', 'PENDING', 'FAILED', 'PARTIAL_FAILED', 'COMPLETED'],
    description: 'PENDING after a paid account was cancelled (refund to refundReceiveAccount).',
  })
  refundStatus: TossVirtualAccount['refundStatus'];

  @ApiProperty({ type: 'boolean' })
  expired: boolean;

  @ApiProperty({ type: 'string', enum: SETTLEMENT_STATUSES })
  settlementStatus: TossVirtualAccount['settlementStatus'];

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    nullable: true,
    description: 'Always null in the sandbox (the refund account is not echoed).',
  })
  refundReceiveAccount: null;
}

@ApiSchema({ name: 'Transfer', description: 'Account transfer details (method 계좌이체).' })
export class Transfer implements TossTransfer {
  @ApiProperty({ type: 'string', enum: BANKS, example: '88' })
  bankCode: string;

  @ApiProperty({ type: 'string', enum: SETTLEMENT_STATUSES })
  settlementStatus: TossTransfer['settlementStatus'];
}

@ApiSchema({ name: 'MobilePhone', description: 'Mobile phone billing details (method 휴대폰).' })
export class MobilePhone implements TossMobilePhone {
  @ApiProperty({ type: 'string', pattern: '^\\d{8,15}$', example: '01012345678' })
  customerMobilePhone: string;

  @ApiProperty({ type: 'string', enum: SETTLEMENT_STATUSES })
  settlementStatus: TossMobilePhone['settlementStatus'];

  @ApiProperty({ type: 'string', format: 'uri' })
  receiptUrl: string;
}

@ApiSchema({ name: 'EasyPay', description: 'Easy-pay details (method 간편결제).' })
export class EasyPay implements TossEasyPay {
  @ApiProperty({ type: 'string', example: '토스페이' })
  provider: string;

  @ApiProperty({ type: 'integer', example: 15000 })
  amount: number;

  @ApiProperty({ type: 'integer', example: 0 })
  discountAmount: number;
}

@ApiSchema({ name: 'Cancel', description: 'One cancellation (full or partial) of a payment.' })
export class Cancel implements TossCancel {
  @ApiProperty({ type: 'integer', example: 5000 })
  cancelAmount: number;

  @ApiProperty({ type: 'string', example: '고객 변심' })
  cancelReason: string;

  @ApiProperty({
    type: 'integer',
    minimum: 0,
    description: "The cancel's tax-free part (the request's taxFreeAmount).",
    example: 0,
  })
  taxFreeAmount: number;

  @ApiProperty({ type: 'integer', example: 0 })
  taxExemptionAmount: number;

  @ApiProperty({
    type: 'integer',
    description: 'What is left to cancel after this one.',
    example: 10000,
  })
  refundableAmount: number;

  @ApiProperty({ type: 'integer', example: 0 })
  cardDiscountAmount: number;

  @ApiProperty({ type: 'integer', example: 0 })
  transferDiscountAmount: number;

  @ApiProperty({ type: 'integer', example: 0 })
  easyPayDiscountAmount: number;

  @ApiProperty({ type: 'string', format: 'date-time', example: KST_EXAMPLE })
  canceledAt: string;

  @ApiProperty({ type: 'string', example: 'A1B2C3D4E5F60718293A4B5C6D7E8F90' })
  transactionKey: string;

  @ApiProperty({
    type: 'string',
    nullable: true,
    description:
      "A payment with a cash receipt: this cancel's receipt (its `c_` key, in cashReceipts); else null.",
  })
  receiptKey: string | null;

  @ApiProperty({ type: 'string', enum: ['DONE'] })
  cancelStatus: 'DONE';

  @ApiProperty({ type: 'string', nullable: true })
  cancelRequestId: string | null;
}

@ApiSchema({ name: 'Failure', description: 'Why a payment ended ABORTED or EXPIRED.' })
export class Failure implements TossFailure {
  @ApiProperty({ type: 'string', example: 'REJECT_CARD_PAYMENT' })
  code: string;

  @ApiProperty({ type: 'string', example: '한도초과 혹은 잔액부족으로 결제에 실패했습니다.' })
  message: string;
}

@ApiSchema({ name: 'Receipt', description: "The customer's receipt page." })
export class Receipt {
  @ApiProperty({ type: 'string', format: 'uri' })
  url: string;
}

@ApiSchema({ name: 'Checkout', description: "The payment's checkout page." })
export class Checkout {
  @ApiProperty({ type: 'string', format: 'uri' })
  url: string;
}

@ApiSchema({
  name: 'Payment',
  description:
    "Toss's Payment object, API version 2022-11-16, as the sandbox keeps it: one currency (KRW), " +
    'no discounts; metadata, taxFreeAmount and the cash receipt as asked for at authorize.',
})
export class Payment implements TossPaymentJson {
  @ApiProperty({ type: 'string', description: "The merchant's id.", example: 'tvivarepublica' })
  mId: string;

  @ApiProperty({ type: 'string', nullable: true, description: 'Key of the last transaction.' })
  lastTransactionKey: string | null;

  @ApiProperty({ type: 'string', maxLength: 200, example: PAYMENT_KEY_EXAMPLE })
  paymentKey: string;

  @ApiProperty(orderId)
  orderId: string;

  @ApiProperty({ type: 'string', maxLength: 100, example: '상품1 외 1건' })
  orderName: string;

  @ApiProperty({ type: 'integer', example: 0 })
  taxExemptionAmount: number;

  @ApiProperty({ type: 'string', enum: PAYMENT_STATUSES, example: 'DONE' })
  status: TossPaymentStatus;

  @ApiProperty({ type: 'string', format: 'date-time', example: KST_EXAMPLE })
  requestedAt: string;

  @ApiProperty({ type: 'string', format: 'date-time', nullable: true, example: KST_EXAMPLE })
  approvedAt: string | null;

  @ApiProperty({ type: 'boolean' })
  useEscrow: boolean;

  @ApiProperty({ type: 'boolean' })
  cultureExpense: boolean;

  @ApiProperty({ type: () => Card, nullable: true })
  card: Card | null;

  @ApiProperty({ type: () => VirtualAccount, nullable: true })
  virtualAccount: VirtualAccount | null;

  @ApiProperty({ type: () => Transfer, nullable: true })
  transfer: Transfer | null;

  @ApiProperty({ type: () => MobilePhone, nullable: true })
  mobilePhone: MobilePhone | null;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    nullable: true,
    description: 'Always null in the sandbox.',
  })
  giftCertificate: null;

  @ApiProperty({
    type: () => PaymentCashReceipt,
    nullable: true,
    description:
      'The cash receipt issued with a transfer (at confirm) or a virtual account (at deposit) ' +
      'when the customer asked for one; else null.',
  })
  cashReceipt: PaymentCashReceipt | null;

  @ApiProperty({
    type: () => [CashReceipt],
    nullable: true,
    description:
      "That receipt's issue and one cancel per payment cancel, oldest first; null without a receipt.",
  })
  cashReceipts: CashReceipt[] | null;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    nullable: true,
    description: 'Always null in the sandbox.',
  })
  discount: null;

  @ApiProperty({
    type: () => Cancel,
    isArray: true,
    nullable: true,
    description: 'Cancellations, oldest first; null before the first.',
  })
  cancels: Cancel[] | null;

  @ApiProperty({
    type: 'string',
    nullable: true,
    description: "A virtual account's secret, repeated in its DEPOSIT_CALLBACK webhooks.",
  })
  secret: string | null;

  @ApiProperty({
    type: 'string',
    enum: ['NORMAL', 'BILLING'],
    description: 'BILLING: charged with a billing key (chargeBillingKey); NORMAL: any other.',
  })
  type: TossPaymentType;

  @ApiProperty({ type: () => EasyPay, nullable: true })
  easyPay: EasyPay | null;

  @ApiProperty({ type: 'string', enum: ['KR'] })
  country: 'KR';

  @ApiProperty({ type: () => Failure, nullable: true })
  failure: Failure | null;

  @ApiProperty({ type: 'boolean' })
  isPartialCancelable: boolean;

  @ApiProperty({
    type: () => Receipt,
    nullable: true,
    description: 'Once paid (DONE, CANCELED, PARTIAL_CANCELED).',
  })
  receipt: Receipt | null;

  @ApiProperty({ type: () => Checkout })
  checkout: Checkout;

  @ApiProperty({ type: 'string', enum: ['KRW'] })
  currency: 'KRW';

  @ApiProperty({ type: 'integer', example: 15000 })
  totalAmount: number;

  @ApiProperty({
    type: 'integer',
    description: 'What is left after cancellations.',
    example: 15000,
  })
  balanceAmount: number;

  @ApiProperty({
    type: 'integer',
    description: 'balanceAmount − taxFreeAmount − vat.',
    example: 13636,
  })
  suppliedAmount: number;

  @ApiProperty({
    type: 'integer',
    description: 'round((balanceAmount − taxFreeAmount) / 11).',
    example: 1364,
  })
  vat: number;

  @ApiProperty({
    type: 'integer',
    minimum: 0,
    description:
      "The tax-free part of what is still charged: authorize's (or the charge's) taxFreeAmount " +
      "less the cancels' tax-free parts.",
    example: 0,
  })
  taxFreeAmount: number;

  @ApiProperty({ type: 'string', enum: PAYMENT_METHODS, nullable: true, example: '카드' })
  method: SandboxMethod | null;

  @ApiProperty({ type: 'string', enum: [TOSS_API_VERSION] })
  version: string;

  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string', maxLength: METADATA_RULE.maxValueLength },
    maxProperties: METADATA_RULE.maxKeys,
    nullable: true,
    description: "requestPayment's metadata as given at authorize, else null.",
    example: { campaign: 'spring' },
  })
  metadata: Record<string, string> | null;
}

// ---------------------------------------------------------------- the Billing object

@ApiSchema({ name: 'BillingCard', description: 'The card a billing key charges.' })
export class BillingCard implements TossBillingCard {
  @ApiProperty({
    type: 'string',
    enum: [...CARD_ISSUERS],
    description: "Issuer's two-character code.",
    example: '61',
  })
  issuerCode: string;

  @ApiProperty({
    type: 'string',
    enum: [...CARD_ISSUERS],
    description: "Acquirer's two-character code.",
    example: '61',
  })
  acquirerCode: string;

  @ApiProperty({
    type: 'string',
    maxLength: 20,
    description: 'Masked card number.',
    example: '43301234****123*',
  })
  number: string;

  @ApiProperty({ type: 'string', enum: [...CARD_TYPES], example: '신용' })
  cardType: string;

  @ApiProperty({ type: 'string', enum: [...OWNER_TYPES], example: '개인' })
  ownerType: string;
}

@ApiSchema({
  name: 'Billing',
  description:
    "Toss's Billing object: a billing key and the card it charges. Toss never gives the key " +
    'again (there is no lookup): keep it with its customerKey. Version 2022-11-16 also has ' +
    'cardCompany and cardNumber (removed from 2024-06-01); the sandbox leaves them out: read card.',
})
export class Billing implements TossBillingJson {
  @ApiProperty({ type: 'string', description: "The merchant's id.", example: 'tvivarepublica' })
  mId: string;

  @ApiProperty({
    type: 'string',
    maxLength: 300,
    description: 'The customer the key is bound to: every charge must name it.',
    example: CUSTOMER_KEY_EXAMPLE,
  })
  customerKey: string;

  @ApiProperty({
    type: 'string',
    format: 'date-time',
    description: 'When the card was registered in the billing-auth window.',
    example: KST_EXAMPLE,
  })
  authenticatedAt: string;

  @ApiProperty({ type: 'string', enum: ['카드'] })
  method: '카드';

  @ApiProperty({
    type: 'string',
    maxLength: 200,
    description: 'The key to charge (chargeBillingKey): 256 random bits in the sandbox.',
    example: BILLING_KEY_EXAMPLE,
  })
  billingKey: string;

  @ApiProperty({ type: () => BillingCard })
  card: BillingCard;
}

// ---------------------------------------------------------------- requests

@ApiSchema({ name: 'ConfirmPaymentRequest', description: 'What the successUrl handed over.' })
export class ConfirmPaymentRequest {
  @ApiProperty({
    type: 'string',
    minLength: 1,
    maxLength: 200,
    description: 'From the successUrl (or authorizePayment).',
    example: PAYMENT_KEY_EXAMPLE,
  })
  paymentKey: string;

  @ApiProperty({ ...orderId, description: 'The orderId the payment was requested with.' })
  orderId: string;

  @ApiProperty({
    type: 'integer',
    minimum: 1,
    description: 'The authenticated amount in KRW; anything else is 400 INVALID_REQUEST.',
    example: 15000,
  })
  amount: number;
}

@ApiSchema({
  name: 'RefundReceiveAccount',
  description: "The customer's account a paid virtual account is refunded to.",
})
export class RefundReceiveAccount {
  @ApiProperty({
    type: 'string',
    enum: BANKS,
    description: "Toss's bank code (else 400 INVALID_BANK).",
    example: '20',
  })
  bank: string;

  @ApiProperty({
    type: 'string',
    pattern: '^\\d{1,20}$',
    description: 'Digits only (else 400 INVALID_REFUND_ACCOUNT_NUMBER).',
    example: '12345678901234',
  })
  accountNumber: string;

  @ApiProperty({
    type: 'string',
    minLength: 1,
    maxLength: 60,
    description: 'Not blank (else 400 INVALID_REFUND_ACCOUNT_INFO).',
    example: '홍길동',
  })
  holderName: string;
}

@ApiSchema({ name: 'CancelPaymentRequest', description: 'A full or partial cancellation.' })
export class CancelPaymentRequest {
  @ApiProperty({ type: 'string', minLength: 1, maxLength: 200, example: '고객 변심' })
  cancelReason: string;

  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    nullable: true,
    description: 'Partial cancel of this much; absent or null: all that is left.',
    example: 5000,
  })
  cancelAmount?: number | null;

  @ApiPropertyOptional({
    type: 'integer',
    minimum: 0,
    nullable: true,
    description:
      'What the caller believes is left (balanceAmount): if it is not, nothing is cancelled ' +
      '(400 NOT_MATCHES_REFUNDABLE_AMOUNT).',
  })
  refundableAmount?: number | null;

  @ApiPropertyOptional({ type: 'string', enum: ['KRW'] })
  currency?: 'KRW';

  @ApiPropertyOptional({
    type: 'integer',
    minimum: 0,
    nullable: true,
    description:
      "The cancel's tax-free part, at most cancelAmount (400 INVALID_REQUEST). Absent: 0, or, " +
      'without cancelAmount, all the tax-free part left. Neither the tax-free part above the ' +
      "payment's tax-free balance nor the taxable part (cancelAmount − taxFreeAmount) above its " +
      'taxable balance is cancelled (403 NOT_CANCELABLE_AMOUNT).',
    example: 0,
  })
  taxFreeAmount?: number | null;

  @ApiPropertyOptional({
    type: () => RefundReceiveAccount,
    nullable: true,
    description:
      'Required to cancel a paid virtual account (DONE / PARTIAL_CANCELED); refused with any ' +
      'other payment.',
  })
  refundReceiveAccount?: RefundReceiveAccount | null;
}

@ApiSchema({
  name: 'CashReceiptOption',
  description:
    'The cash receipt a transfer or virtual-account payment asks for: issued for the whole ' +
    'amount when the money is in (a transfer at confirm, a virtual account at deposit).',
})
export class CashReceiptOption {
  @ApiProperty({
    type: 'string',
    enum: [...WINDOW_CASH_RECEIPT_TYPES],
    description: '미발행: no receipt.',
  })
  type: WindowCashReceiptType;

  @ApiPropertyOptional({
    type: 'string',
    pattern: IDENTITY_NUMBER_PATTERN,
    description:
      'Required unless 미발행: digits only, at most 30 (else 400 INVALID_CASH_RECEIPT_INFO); ' +
      '`registrationNumber` is taken too (POST /v1/virtual-accounts names it so).',
    example: '01012345678',
  })
  customerIdentityNumber?: string;

  @ApiPropertyOptional({
    type: 'string',
    pattern: IDENTITY_NUMBER_PATTERN,
    description: 'Another name of customerIdentityNumber.',
  })
  registrationNumber?: string;
}

@ApiSchema({
  name: 'IssueVirtualAccountRequest',
  description: 'A virtual account issued server-side, without the payment window.',
})
export class IssueVirtualAccountRequest {
  @ApiProperty({
    type: 'integer',
    minimum: 1,
    description: 'In KRW; below 200 is 400 BELOW_MINIMUM_AMOUNT.',
    example: 15000,
  })
  amount: number;

  @ApiProperty(orderId)
  orderId: string;

  @ApiProperty({ type: 'string', minLength: 1, maxLength: 100, example: '상품1 외 1건' })
  orderName: string;

  @ApiProperty({ type: 'string', minLength: 1, maxLength: 100, example: '토스테스트' })
  customerName: string;

  @ApiProperty({
    type: 'string',
    enum: BANKS,
    description: "Toss's bank code (else 400 INVALID_BANK).",
    example: '20',
  })
  bank: string;

  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    maximum: VA_API_MAX_VALID_HOURS,
    description: 'Hours the account stays payable (default 168); dueDate wins.',
    example: 24,
  })
  validHours?: number;

  @ApiPropertyOptional({
    type: 'string',
    pattern: DUE_DATE_PATTERN,
    description: "Pay by then: yyyy-MM-dd'T'HH:mm:ss in Seoul time, within 90 days.",
    example: '2024-05-08T23:59:59',
  })
  dueDate?: string;

  @ApiPropertyOptional({
    type: 'string',
    pattern: '^\\d{8,15}$',
    nullable: true,
    example: '01012345678',
  })
  customerMobilePhone?: string | null;

  @ApiPropertyOptional({
    type: 'integer',
    minimum: 0,
    nullable: true,
    description: 'The tax-free part of amount, at most amount (default 0).',
  })
  taxFreeAmount?: number | null;

  @ApiPropertyOptional({ type: () => CashReceiptOption, nullable: true })
  cashReceipt?: CashReceiptOption | null;
}

@ApiSchema({
  name: 'IssueBillingKeyRequest',
  description: 'What the billing-auth successUrl handed over (customerKey and authKey).',
})
export class IssueBillingKeyRequest {
  @ApiProperty({
    type: 'string',
    minLength: 1,
    maxLength: 300,
    description: 'One-time, and for 10 minutes (sandbox clock) after the card was registered.',
    example: 'kM3f0q9nXb7Tg5yWzP1aLcR8vD2eH6jU4sN0oQxYtBw',
  })
  authKey: string;

  @ApiProperty({
    type: 'string',
    minLength: 1,
    maxLength: 300,
    description: 'The customerKey the card was registered for (compare it with your own first).',
    example: CUSTOMER_KEY_EXAMPLE,
  })
  customerKey: string;
}

@ApiSchema({ name: 'ChargeBillingKeyRequest', description: 'One charge of a billing key.' })
export class ChargeBillingKeyRequest {
  @ApiProperty({
    type: 'string',
    minLength: 1,
    maxLength: 300,
    description: 'The customerKey the key was issued for (else 400 NOT_MATCHES_CUSTOMER_KEY).',
    example: CUSTOMER_KEY_EXAMPLE,
  })
  customerKey: string;

  @ApiProperty({
    type: 'integer',
    minimum: 1,
    description: 'In KRW; below 100 is 400 BELOW_MINIMUM_AMOUNT.',
    example: 9900,
  })
  amount: number;

  @ApiProperty({ ...orderId, description: 'A new one per charge (else 400 DUPLICATED_ORDER_ID).' })
  orderId: string;

  @ApiProperty({ type: 'string', minLength: 1, maxLength: 100, example: '베이직 구독 5월' })
  orderName: string;

  @ApiPropertyOptional({ type: 'string', maxLength: 100, nullable: true })
  customerEmail?: string | null;

  @ApiPropertyOptional({ type: 'string', maxLength: 100, nullable: true })
  customerName?: string | null;

  @ApiPropertyOptional({
    type: 'integer',
    minimum: 0,
    nullable: true,
    description: 'The tax-free part of amount, at most amount (default 0).',
  })
  taxFreeAmount?: number | null;
}

// ---------------------------------------------------------------- cash receipts (현금영수증)

export const RECEIPT_KEY_EXAMPLE = 'BZ4lq3jP0dXk9mA7rT2wNcY8vE5hG1sUoF6bKiQxL3zM';

@ApiSchema({
  name: 'CashReceiptFailure',
  description: 'Why the NTS did not take the receipt (issueStatus FAILED).',
})
export class CashReceiptFailureDto implements CashReceiptFailure {
  @ApiProperty({ type: 'string', example: 'NTS_ERROR' })
  code: string;

  @ApiProperty({ type: 'string', example: '[TS1] 식별번호 길이 오류' })
  message: string;
}

@ApiSchema({
  name: 'CashReceipt',
  description:
    "Toss's CashReceipt object: one issue (transactionType CONFIRM) or one cancel (CANCEL, its " +
    'own receiptKey prefixed `c_`).',
})
export class CashReceipt implements TossCashReceiptJson {
  @ApiProperty({ type: 'string', maxLength: 200, example: RECEIPT_KEY_EXAMPLE })
  receiptKey: string;

  @ApiProperty({ type: 'string', maxLength: 9, example: '123456789' })
  issueNumber: string;

  @ApiProperty({
    type: 'string',
    enum: [...ISSUE_STATUSES],
    description:
      "The NTS's outcome: IN_PROGRESS when requested, COMPLETED one minute later on the sandbox " +
      'clock, or what a test control decided (COMPLETED / FAILED with failure).',
  })
  issueStatus: IssueStatus;

  @ApiProperty({ type: 'integer', minimum: 1, example: 15000 })
  amount: number;

  @ApiProperty({ type: 'integer', minimum: 0, example: 0 })
  taxFreeAmount: number;

  @ApiProperty(orderId)
  orderId: string;

  @ApiProperty({ type: 'string', maxLength: 100, example: '상품1 외 1건' })
  orderName: string;

  @ApiProperty({ type: 'string', enum: [...CASH_RECEIPT_TYPES] })
  type: CashReceiptType;

  @ApiProperty({ type: 'string', maxLength: 9, example: '987654321' })
  approvalNumber: string;

  @ApiProperty({ type: 'string', enum: ['CONFIRM', 'CANCEL'] })
  transactionType: CashReceiptTransactionType;

  @ApiProperty({
    type: 'string',
    pattern: '^\\d{10}$',
    description: "The merchant's business registration number.",
    example: '1234567890',
  })
  businessNumber: string;

  @ApiProperty({
    type: 'string',
    pattern: IDENTITY_NUMBER_PATTERN,
    description: "The customer's number as sent (phone, 현금영수증 card or business number).",
    example: '01012345678',
  })
  customerIdentityNumber: string;

  @ApiProperty({ type: () => CashReceiptFailureDto, nullable: true })
  failure: CashReceiptFailure | null;

  @ApiProperty({ type: 'string', format: 'date-time', example: KST_EXAMPLE })
  requestedAt: string;

  @ApiProperty({ type: 'string', format: 'date-time', nullable: true, example: KST_EXAMPLE })
  approvedAt: string | null;

  @ApiProperty({
    type: 'string',
    format: 'date-time',
    nullable: true,
    description: 'A cancel: when it was made; null for an issue.',
  })
  canceledAt: string | null;

  @ApiProperty({ type: 'string', format: 'uri', description: 'Test mode: no real receipt.' })
  receiptUrl: string;
}

@ApiSchema({
  name: 'PaymentCashReceipt',
  description: 'Payment.cashReceipt: the receipt issued with the payment (what was issued).',
})
export class PaymentCashReceipt implements TossPaymentCashReceipt {
  @ApiProperty({ type: 'string', enum: [...CASH_RECEIPT_TYPES] })
  type: CashReceiptType;

  @ApiProperty({ type: 'string', maxLength: 200, example: RECEIPT_KEY_EXAMPLE })
  receiptKey: string;

  @ApiProperty({ type: 'string', maxLength: 9, example: '123456789' })
  issueNumber: string;

  @ApiProperty({ type: 'string', format: 'uri' })
  receiptUrl: string;

  @ApiProperty({ type: 'integer', minimum: 1, example: 15000 })
  amount: number;

  @ApiProperty({ type: 'integer', minimum: 0, example: 0 })
  taxFreeAmount: number;
}

@ApiSchema({ name: 'CashReceiptList', description: 'One page of GET /v1/cash-receipts.' })
export class CashReceiptList implements TossCashReceiptListJson {
  @ApiProperty({
    type: 'boolean',
    description: 'More receipts follow: ask with cursor=lastCursor.',
  })
  hasNext: boolean;

  @ApiProperty({
    type: 'integer',
    nullable: true,
    description: "The page's last receipt's cursor (null: an empty page).",
    example: 1042,
  })
  lastCursor: number | null;

  @ApiProperty({ type: () => [CashReceipt] })
  data: CashReceipt[];
}

@ApiSchema({ name: 'IssueCashReceiptRequest', description: 'A cash receipt to issue.' })
export class IssueCashReceiptRequest {
  @ApiProperty({ type: 'integer', minimum: 1, example: 15000 })
  amount: number;

  @ApiProperty(orderId)
  orderId: string;

  @ApiProperty({ type: 'string', minLength: 1, maxLength: 100, example: '상품1 외 1건' })
  orderName: string;

  @ApiProperty({
    type: 'string',
    enum: [...CASH_RECEIPT_TYPES],
    description: '소득공제: a phone or 현금영수증 card number; 지출증빙: a business number.',
  })
  type: CashReceiptType;

  @ApiProperty({
    type: 'string',
    pattern: IDENTITY_NUMBER_PATTERN,
    description: 'Digits only, at most 30 (else 400 INVALID_CASH_RECEIPT_INFO).',
    example: '01012345678',
  })
  customerIdentityNumber: string;

  @ApiPropertyOptional({
    type: 'integer',
    minimum: 0,
    nullable: true,
    description: 'The tax-free part of amount, at most amount (default 0).',
  })
  taxFreeAmount?: number | null;
}

@ApiSchema({ name: 'CancelCashReceiptRequest', description: 'A full or partial receipt cancel.' })
export class CancelCashReceiptRequest {
  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    nullable: true,
    description: 'Cancel this much; absent or null: all that is left.',
    example: 5000,
  })
  amount?: number | null;
}
