import {
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  Post,
  Query,
  Req,
  Res,
  UseFilters,
} from '@nestjs/common';
import {
  ApiBasicAuth,
  ApiBody,
  ApiExcludeController,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { TOSS_BASIC_AUTH, TossApiResponses } from './api-docs';
import { asBody } from './payment-rules';
import { SandboxBillingService } from './sandbox-billing.service';
import { SandboxCashReceiptsService } from './sandbox-cash-receipts.service';
import { SandboxPaymentsService } from './sandbox-payments.service';
import { TossCallRunner } from './toss-call.runner';
import { LIST_MAX_LIMIT, REQUEST_DATE_PATTERN } from './cash-receipt-rules';
import {
  Billing,
  BILLING_KEY_EXAMPLE,
  CancelCashReceiptRequest,
  CancelPaymentRequest,
  CashReceipt,
  CashReceiptList,
  IssueCashReceiptRequest,
  RECEIPT_KEY_EXAMPLE,
  ChargeBillingKeyRequest,
  ConfirmPaymentRequest,
  IssueBillingKeyRequest,
  IssueVirtualAccountRequest,
  Payment,
} from './toss-api.dto';
import { TossErrorFilter } from './toss-error.filter';
import { ORDER_ID_PATTERN } from './payment-rules';

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

const PAYMENT_KEY_PARAM = ApiParam({
  name: 'paymentKey',
  description: 'The payment key (from the successUrl, authorizePayment or a Payment).',
  schema: { type: 'string', minLength: 1, maxLength: 200, example: 'tgen_20240501190000AbCdE12' },
});

const RECEIPT_KEY_PARAM = ApiParam({
  name: 'receiptKey',
  description: "The key of an issued receipt (from issueCashReceipt or a Payment's cashReceipt).",
  schema: { type: 'string', minLength: 1, maxLength: 200, example: RECEIPT_KEY_EXAMPLE },
});

const BILLING_KEY_PARAM = ApiParam({
  name: 'billingKey',
  description: 'The billing key (from issueBillingKey).',
  schema: { type: 'string', minLength: 1, maxLength: 200, example: BILLING_KEY_EXAMPLE },
});

/**
 * Toss's core payment API, emulated (docs/toss.md §2): point TOSS_API_BASE_URL at
 * http://host:port/sandbox/toss and call it exactly as api.tosspayments.com. Bodies are read by
 * hand (no DTO classes): Toss-shaped requests pass and errors come back the way Toss words them;
 * the DTOs (toss-api.dto.ts) only document them. Out of the product's OpenAPI document
 * (@ApiExcludeController); in the sandbox's own (sandbox-docs.ts).
 */
@ApiExcludeController()
@ApiTags('Toss API')
@ApiBasicAuth(TOSS_BASIC_AUTH)
@UseFilters(TossErrorFilter)
@Controller('sandbox/toss/v1')
export class TossApiController {
  constructor(
    private readonly runner: TossCallRunner,
    private readonly payments: SandboxPaymentsService,
    private readonly billing: SandboxBillingService,
    private readonly cashReceipts: SandboxCashReceiptsService,
  ) {}

  @Post('payments/confirm')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'confirmPayment',
    summary: 'Confirm (approve) an authenticated payment',
    description:
      "The server-side step after the payment window's successUrl: approves the payment " +
      '(DONE; a virtual account is issued instead, WAITING_FOR_DEPOSIT) if it was authenticated ' +
      'less than 10 minutes ago with this orderId and amount. A decline chosen at authorize ' +
      '(`outcome`) or by a DECLINE fault answers its code and leaves the payment ABORTED.',
  })
  @ApiBody({ type: ConfirmPaymentRequest })
  @ApiOkResponse({ type: Payment, description: 'The approved payment.' })
  @TossApiResponses('POST', {
    400: {
      INVALID_REQUEST: 'a field is missing or malformed, or amount is not the authenticated amount',
      ALREADY_PROCESSED_PAYMENT: 'the payment was already confirmed or cancelled',
      INVALID_CARD_EXPIRATION:
        "a decline chosen at authorize or by a fault, with Toss's status for its code (400 here)",
    },
    403: {
      FORBIDDEN_REQUEST: 'orderId is not the one the payment was authenticated with',
      REJECT_CARD_PAYMENT:
        "a decline chosen at authorize or by a fault, with Toss's status for its code (403 here)",
    },
    404: {
      NOT_FOUND_PAYMENT_SESSION:
        'no such payment in progress, or more than 10 minutes since authentication (it is now EXPIRED)',
    },
  })
  confirm(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const body = asBody(request.body);
    return this.runner.run(
      request,
      reply,
      {
        operation: 'confirm',
        orderId: text(body.orderId),
        paymentKey: text(body.paymentKey),
        read: 'payment',
      },
      (call) => this.payments.confirm(request.body, call),
    );
  }

  @Get('payments/orders/:orderId')
  @ApiOperation({
    operationId: 'getPaymentByOrderId',
    summary: "Look up an order's latest payment",
    description:
      'The latest payment made for this orderId. A payment in progress past its 10-minute ' +
      'window is answered EXPIRED (and becomes so).',
  })
  @ApiParam({
    name: 'orderId',
    description: "The merchant's order number.",
    schema: { type: 'string', pattern: ORDER_ID_PATTERN, example: 'order_20240501_0001' },
  })
  @ApiOkResponse({ type: Payment, description: 'The payment.' })
  @TossApiResponses('GET', { 404: { NOT_FOUND_PAYMENT: 'no payment for this orderId' } })
  getByOrderId(
    @Param('orderId') orderId: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    return this.runner.run(
      request,
      reply,
      { operation: 'get', orderId, read: 'latestForOrder' },
      (call) => this.payments.getByOrderId(orderId, call),
    );
  }

  @Get('payments/:paymentKey')
  @ApiOperation({
    operationId: 'getPaymentByKey',
    summary: 'Look up a payment',
    description:
      'The payment with its cancellations. A payment in progress past its 10-minute window is ' +
      'answered EXPIRED (and becomes so).',
  })
  @PAYMENT_KEY_PARAM
  @ApiOkResponse({ type: Payment, description: 'The payment.' })
  @TossApiResponses('GET', { 404: { NOT_FOUND_PAYMENT: 'no payment with this key' } })
  getByPaymentKey(
    @Param('paymentKey') paymentKey: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    return this.runner.run(
      request,
      reply,
      { operation: 'get', paymentKey, read: 'payment' },
      (call) => this.payments.getByPaymentKey(paymentKey, call),
    );
  }

  @Post('payments/:paymentKey/cancel')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'cancelPayment',
    summary: 'Cancel a payment, fully or partly',
    description:
      'Cancels cancelAmount, or all that is left: DONE → PARTIAL_CANCELED or CANCELED. A virtual ' +
      'account waiting for its deposit is cancelled whole and without refundReceiveAccount; a paid ' +
      'one needs refundReceiveAccount (refundStatus PENDING). taxFreeAmount is the tax-free part ' +
      '(default 0; without cancelAmount, all the tax-free part left): the Payment then shows the ' +
      'tax-free balance, vat and suppliedAmount of what is left. A payment with a cash receipt ' +
      'gets a CANCEL receipt for the cancel (cashReceipts, cancels[].receiptKey).',
  })
  @PAYMENT_KEY_PARAM
  @ApiBody({ type: CancelPaymentRequest })
  @ApiOkResponse({ type: Payment, description: 'The payment with its cancellations.' })
  @TossApiResponses('POST', {
    400: {
      INVALID_REQUEST:
        'a field is missing or malformed, taxFreeAmount is above cancelAmount, or refundReceiveAccount is missing for a paid virtual account / sent for anything else',
      ALREADY_CANCELED_PAYMENT: 'the payment is already fully cancelled',
      NOT_MATCHES_REFUNDABLE_AMOUNT: 'refundableAmount is not what is left to cancel',
      INVALID_BANK: "refundReceiveAccount.bank is not Toss's bank code",
      INVALID_REFUND_ACCOUNT_NUMBER: 'refundReceiveAccount.accountNumber is not 1–20 digits',
      INVALID_REFUND_ACCOUNT_INFO: 'refundReceiveAccount.holderName is blank or too long',
    },
    403: {
      NOT_CANCELABLE_PAYMENT: 'the payment was never approved (in progress, aborted, expired)',
      NOT_CANCELABLE_AMOUNT:
        "cancelAmount is more than what is left, taxFreeAmount more than the payment's tax-free part left, or the taxable part (cancelAmount − taxFreeAmount) more than its taxable part left (Toss documents no code of its own for the last two)",
      NOT_ALLOWED_PARTIAL_REFUND_WAITING_DEPOSIT:
        'a partial cancel of a virtual account still waiting for its deposit',
    },
    404: { NOT_FOUND_PAYMENT: 'no payment with this key' },
  })
  cancel(
    @Param('paymentKey') paymentKey: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    return this.runner.run(request, reply, { operation: 'cancel', paymentKey }, (call) =>
      this.payments.cancel(paymentKey, request.body, call),
    );
  }

  @Post('virtual-accounts')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'issueVirtualAccount',
    summary: 'Issue a virtual account',
    description:
      'A virtual account issued server-side, without the payment window: the payment is ' +
      'WAITING_FOR_DEPOSIT at once (pay it with depositToVirtualAccount).',
  })
  @ApiBody({ type: IssueVirtualAccountRequest })
  @ApiOkResponse({ type: Payment, description: 'The payment, WAITING_FOR_DEPOSIT.' })
  @TossApiResponses('POST', {
    400: {
      INVALID_REQUEST:
        'a field is missing or malformed (validHours over 2160, dueDate past or beyond 90 days)',
      INVALID_BANK: "bank is not Toss's bank code",
      BELOW_MINIMUM_AMOUNT: 'amount is below 200',
      DUPLICATED_ORDER_ID: 'this orderId already has a payment approved, issued or cancelled',
    },
  })
  issueVirtualAccount(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const body = asBody(request.body);
    return this.runner.run(
      request,
      reply,
      { operation: 'issue', orderId: text(body.orderId) },
      (call) => this.payments.issueVirtualAccount(request.body, call),
    );
  }

  @Post('billing/authorizations/issue')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'issueBillingKey',
    summary: 'Issue a billing key from an authKey',
    description:
      "The server-side step after requestBillingAuth's successUrl: the authKey (one-time, for 10 " +
      'minutes of the sandbox clock after the card was registered) becomes a billing key, bound ' +
      'to customerKey. The only answer that carries the key: send an Idempotency-Key, so that a ' +
      'lost answer can be asked for again.',
  })
  @ApiBody({ type: IssueBillingKeyRequest })
  @ApiOkResponse({ type: Billing, description: 'The billing key and its card.' })
  @TossApiResponses('POST', {
    400: {
      INVALID_REQUEST: 'authKey or customerKey is missing, or longer than 300 characters',
      NOT_MATCHES_CUSTOMER_KEY:
        'customerKey is not the one the card was registered for (the authKey stays usable)',
      INVALID_BILLING_AUTH: 'the authKey was issued already, or is more than 10 minutes old',
    },
    404: { NOT_FOUND_BILLING: 'no such authKey' },
  })
  issueBillingKey(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    return this.runner.run(request, reply, { operation: 'billing-issue' }, (call) =>
      this.billing.issue(request.body, call),
    );
  }

  @Post('billing/:billingKey')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'chargeBillingKey',
    summary: 'Charge a billing key',
    description:
      'A card payment with the key, approved at once (DONE, type BILLING, approvedAt on the ' +
      'sandbox clock) and no webhook, as Toss sends none for it. The payment is read and ' +
      'cancelled like any other (getPaymentByKey, getPaymentByOrderId, cancelPayment). A DECLINE ' +
      'fault (operation billing-charge, aimed at the key or the orderId) answers its code and ' +
      'leaves the payment ABORTED, which frees the orderId for another try.',
  })
  @BILLING_KEY_PARAM
  @ApiBody({ type: ChargeBillingKeyRequest })
  @ApiOkResponse({ type: Payment, description: 'The payment, DONE.' })
  @TossApiResponses('POST', {
    400: {
      INVALID_REQUEST: 'a field is missing or malformed',
      INVALID_BILL_KEY_REQUEST: 'no such billing key, or it was deleted',
      NOT_MATCHES_CUSTOMER_KEY: 'customerKey is not the one the key was issued for',
      DUPLICATED_ORDER_ID: 'this orderId already has a payment approved, issued or cancelled',
      BELOW_MINIMUM_AMOUNT: 'amount is below 100',
      INVALID_STOPPED_CARD:
        "a DECLINE fault, e.g. a hard decline, with Toss's status for its code (400 here)",
    },
    403: {
      REJECT_CARD_PAYMENT:
        "a DECLINE fault, e.g. a soft decline (limit or balance), with Toss's status for its code (403 here)",
    },
  })
  chargeBillingKey(
    @Param('billingKey') billingKey: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    return this.runner.run(
      request,
      reply,
      { operation: 'billing-charge', orderId: text(asBody(request.body).orderId), billingKey },
      (call) => this.billing.charge(billingKey, request.body, call),
    );
  }

  @Delete('billing/:billingKey')
  @ApiOperation({
    operationId: 'deleteBillingKey',
    summary: 'Delete a billing key',
    description:
      'No body; answers 200 with an empty body. Charges of the key are refused from then on ' +
      '(400 INVALID_BILL_KEY_REQUEST), and a BILLING_DELETED webhook `{eventType, createdAt, ' +
      'data: {billingKey, reason: "삭제 API 요청"}}` is sent.',
  })
  @BILLING_KEY_PARAM
  @ApiOkResponse({ description: 'Deleted: an empty body.' })
  @TossApiResponses('DELETE', {
    404: { NOT_FOUND_BILLING: 'no such billing key, or it was deleted already' },
  })
  deleteBillingKey(
    @Param('billingKey') billingKey: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    return this.runner.run(request, reply, { operation: 'billing-delete', billingKey }, (call) =>
      this.billing.delete(billingKey, call),
    );
  }

  @Post('cash-receipts')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'issueCashReceipt',
    summary: 'Issue a cash receipt (현금영수증)',
    description:
      'A receipt for `amount` (of which `taxFreeAmount` is tax-free), issued at once and sent to ' +
      'the NTS: issueStatus IN_PROGRESS, COMPLETED one minute later on the sandbox clock (or as a ' +
      'test control decides). Like Toss, no payment is checked: any orderId, even twice.',
  })
  @ApiBody({ type: IssueCashReceiptRequest })
  @ApiOkResponse({ type: CashReceipt, description: 'The receipt (transactionType CONFIRM).' })
  @TossApiResponses('POST', {
    400: {
      INVALID_REQUEST:
        'a field is missing or malformed (type not 소득공제/지출증빙, taxFreeAmount above amount)',
      INVALID_CASH_RECEIPT_INFO: 'customerIdentityNumber is missing or not 1–30 digits',
    },
  })
  issueCashReceipt(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    return this.runner.run(
      request,
      reply,
      { operation: 'cash-receipt-issue', orderId: text(asBody(request.body).orderId) },
      (call) => this.cashReceipts.issue(request.body, call),
    );
  }

  @Post('cash-receipts/:receiptKey/cancel')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'cancelCashReceipt',
    summary: 'Cancel a cash receipt, fully or partly',
    description:
      'Cancels `amount` of an issued receipt, or all that is left without it: a receipt of its ' +
      'own (transactionType CANCEL, its receiptKey prefixed `c_`, canceledAt). Its taxFreeAmount ' +
      "is the issue's tax-free part in proportion (all of what is left on the last cancel).",
  })
  @RECEIPT_KEY_PARAM
  @ApiBody({ type: CancelCashReceiptRequest })
  @ApiOkResponse({ type: CashReceipt, description: 'The cancel (transactionType CANCEL).' })
  @TossApiResponses('POST', {
    400: {
      INVALID_REQUEST:
        'amount is malformed or more than what is left of the receipt (nothing left: fully cancelled)',
    },
    404: { NOT_FOUND: 'no issued receipt with this key (a cancel cannot be cancelled)' },
  })
  async cancelCashReceipt(
    @Param('receiptKey') receiptKey: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    // Faults aimed at the receipt's orderId apply to its cancels. A failed look-up names no
    // order: the call itself then meets the same trouble and answers it as any call does.
    const orderId = await this.cashReceipts.orderIdOf(receiptKey).catch(() => undefined);
    return this.runner.run(request, reply, { operation: 'cash-receipt-cancel', orderId }, (call) =>
      this.cashReceipts.cancel(receiptKey, request.body, call),
    );
  }

  @Get('cash-receipts')
  @ApiOperation({
    operationId: 'listCashReceipts',
    summary: 'List the cash receipts requested on a day',
    description:
      'Issues and cancels (those issued with a payment too) whose requestedAt falls on ' +
      '`requestDate` in Seoul, in the order they were made, `limit` at a time: pass `lastCursor` ' +
      'as `cursor` for the next page while `hasNext`.',
  })
  @ApiQuery({
    name: 'requestDate',
    required: true,
    description: 'The day (Seoul time) the receipts were requested.',
    schema: { type: 'string', pattern: REQUEST_DATE_PATTERN, example: '2024-05-01' },
  })
  @ApiQuery({
    name: 'cursor',
    required: false,
    description: "The previous page's lastCursor.",
    schema: { type: 'integer', minimum: 0 },
  })
  @ApiQuery({
    name: 'limit',
    required: false,
    description: 'At most this many receipts (default 100).',
    schema: { type: 'integer', minimum: 1, maximum: LIST_MAX_LIMIT, default: 100 },
  })
  @ApiOkResponse({ type: CashReceiptList, description: 'A page of receipts.' })
  @TossApiResponses('GET', {
    400: { INVALID_REQUEST: 'requestDate is missing or not a date, or cursor / limit malformed' },
  })
  listCashReceipts(
    @Query() query: Record<string, unknown>,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    return this.runner.run(request, reply, { operation: 'cash-receipt-list' }, (call) =>
      this.cashReceipts.list(query, call),
    );
  }
}
