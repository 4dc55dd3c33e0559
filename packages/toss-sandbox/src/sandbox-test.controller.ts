import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  Post,
  Query,
  UseFilters,
} from '@nestjs/common';
import {
  ApiBody,
  ApiExcludeController,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import { TestControlResponses } from './api-docs';
import { CUSTOMER_KEY_PATTERN } from './billing-rules';
import { ORDER_ID_PATTERN } from './payment-rules';
import { TossCashReceiptJson } from './cash-receipt-rules';
import { BillingKeyView, BillingReadBack, SandboxBillingService } from './sandbox-billing.service';
import { CashReceiptReadBack, SandboxCashReceiptsService } from './sandbox-cash-receipts.service';
import { SandboxPaymentsService } from './sandbox-payments.service';
import {
  ClockView,
  FaultView,
  ReadBack,
  SandboxTestService,
  WebhookDeliveryView,
} from './sandbox-test.service';
import {
  AddFaultRequest,
  AuthorizeBillingRequest,
  AuthorizeBillingResponse,
  AuthorizePaymentRequest,
  AuthorizePaymentResponse,
  BillingKeyState,
  BillingReadBack as BillingReadBackDto,
  CashReceiptReadBack as CashReceiptReadBackDto,
  Clock,
  DeleteBillingKeyRequest,
  DeletedFaults,
  DepositRequest,
  Fault,
  FaultList,
  ReadBack as ReadBackDto,
  ReceiptOutcomeRequest,
  ResetResult,
  SetClockRequest,
  WebhookDeliveryList,
} from './sandbox-test.dto';
import { CashReceipt, Payment } from './toss-api.dto';
import { TossErrorFilter } from './toss-error.filter';
import { TossPaymentJson } from './toss-payment.types';

type Json = Record<string, unknown>;
type Filter = { orderId?: string; paymentKey?: string };

function one(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

const INVALID_BODY = 'a field is missing or malformed';
const BILLING_KEY_QUERY = {
  name: 'billingKey',
  required: false,
  schema: { type: 'string', minLength: 1, maxLength: 200 },
} as const;
// No example value on optional filters: Swagger UI would fill it in and narrow the call.
const ORDER_ID_QUERY = {
  name: 'orderId',
  required: false,
  schema: { type: 'string', pattern: ORDER_ID_PATTERN },
} as const;

/**
 * What Toss's payment window and developer center do, over HTTP: authenticate a payment, deposit
 * into a virtual account; plus fault injection, the clock and read-back for tests. No auth: these
 * exist only where the sandbox is mounted. Bodies use plain types so the global pipe leaves them be;
 * the DTOs (sandbox-test.dto.ts) only document them. Out of the product's OpenAPI document
 * (@ApiExcludeController); in the sandbox's own (sandbox-docs.ts).
 */
@ApiExcludeController()
@UseFilters(TossErrorFilter)
@Controller('sandbox/toss/test')
export class SandboxTestController {
  constructor(
    private readonly payments: SandboxPaymentsService,
    private readonly test: SandboxTestService,
    private readonly billing: SandboxBillingService,
    private readonly cashReceipts: SandboxCashReceiptsService,
  ) {}

  @Post('authorize')
  @HttpCode(200)
  @ApiTags('Test: customer')
  @ApiOperation({
    operationId: 'authorizePayment',
    summary: 'Authenticate a payment as the customer would in the window',
    description:
      "The payment window's work without a browser: a payment IN_PROGRESS, and what Toss would " +
      'put on the successUrl. Confirm it with confirmPayment within 10 minutes (of the sandbox ' +
      'clock). `outcome` picks a decline for that confirm.',
  })
  @ApiBody({ type: AuthorizePaymentRequest })
  @ApiOkResponse({ type: AuthorizePaymentResponse, description: 'The payment, IN_PROGRESS.' })
  @TestControlResponses('POST', {
    400: {
      INVALID_REQUEST: INVALID_BODY,
      INVALID_BANK: "bank is not Toss's bank code",
      BELOW_MINIMUM_AMOUNT: 'amount is below 100 (200 for VIRTUAL_ACCOUNT and TRANSFER)',
      DUPLICATED_ORDER_ID: 'this orderId already has a payment approved, issued or cancelled',
    },
  })
  authorize(@Body() body: Json): Promise<{ paymentKey: string; orderId: string; amount: number }> {
    return this.payments.authorize(body);
  }

  @Post('billing/authorize')
  @HttpCode(200)
  @ApiTags('Test: customer')
  @ApiOperation({
    operationId: 'authorizeBilling',
    summary:
      'Register a card for recurring payments as the customer would in the billing-auth window',
    description:
      "requestBillingAuth's window without a browser: a one-time authKey for customerKey, what " +
      'Toss puts on the successUrl. Issue the billing key with issueBillingKey within 10 minutes ' +
      '(of the sandbox clock). `outcome` picks the refusal the window would put on failUrl instead.',
  })
  @ApiBody({ type: AuthorizeBillingRequest })
  @ApiOkResponse({ type: AuthorizeBillingResponse, description: 'The authKey.' })
  @TestControlResponses('POST', {
    400: {
      INVALID_REQUEST: INVALID_BODY,
      INVALID_CUSTOMER_KEY: 'customerKey is not 2–50 of A–Z a–z 0–9 - _ = . @',
      INVALID_CARD_NUMBER: 'cardNumber is not 15 or 16 digits',
      INVALID_STOPPED_CARD:
        "the outcome asked for, with Toss's status for its code (any code may be asked for)",
    },
    403: { REJECT_CARD_COMPANY: "the outcome asked for, with Toss's status for its code" },
  })
  authorizeBilling(@Body() body: Json): Promise<{ authKey: string; customerKey: string }> {
    return this.billing.authorize(body);
  }

  @Post('billing/:billingKey/delete')
  @HttpCode(200)
  @ApiTags('Test: customer')
  @ApiOperation({
    operationId: 'deleteBillingKeyAsIssuer',
    summary: 'Delete a billing key as the card issuer would',
    description:
      'A card cancelled or reissued: the key is deleted without deleteBillingKey, its charges are ' +
      'refused from then on, and BILLING_DELETED is sent with `reason`.',
  })
  @ApiParam({
    name: 'billingKey',
    description: 'The billing key (from issueBillingKey or readBackBilling).',
    schema: { type: 'string', minLength: 1, maxLength: 200 },
  })
  @ApiBody({ type: DeleteBillingKeyRequest, required: false })
  @ApiOkResponse({ type: BillingKeyState, description: 'The key, DELETED.' })
  @TestControlResponses('POST', {
    400: { INVALID_REQUEST: 'reason is not a string of 1–200 characters' },
    404: { NOT_FOUND_BILLING: 'no such billing key, or it was deleted already' },
  })
  deleteBillingKeyAsIssuer(
    @Param('billingKey') billingKey: string,
    @Body() body: Json,
  ): Promise<BillingKeyView> {
    return this.billing.deleteAsIssuer(billingKey, body);
  }

  @Post('deposit')
  @HttpCode(200)
  @ApiTags('Test: customer')
  @ApiOperation({
    operationId: 'depositToVirtualAccount',
    summary: 'Pay into a virtual account as the customer would',
    description:
      'The customer pays the whole amount into the account before its due date: ' +
      'WAITING_FOR_DEPOSIT → DONE, with its DEPOSIT_CALLBACK and PAYMENT_STATUS_CHANGED webhooks.',
  })
  @ApiBody({ type: DepositRequest })
  @ApiOkResponse({ type: Payment, description: 'The payment, DONE.' })
  @TestControlResponses('POST', {
    400: {
      INVALID_REQUEST:
        'neither a paymentKey nor a valid orderId, the payment is not a virtual account waiting for its deposit, or its due date has passed',
    },
    404: { NOT_FOUND_PAYMENT: 'no such payment' },
  })
  deposit(@Body() body: Json): Promise<TossPaymentJson> {
    return this.payments.deposit(body);
  }

  @Post('cash-receipts/:receiptKey/outcome')
  @HttpCode(200)
  @ApiTags('Test: customer')
  @ApiOperation({
    operationId: 'decideCashReceiptOutcome',
    summary: "Decide the NTS's outcome for a cash receipt",
    description:
      'What the NTS (국세청) made of the receipt, from now on, instead of COMPLETED one minute ' +
      'after requestedAt: COMPLETED, FAILED (with `failure`, default NTS_ERROR) or IN_PROGRESS ' +
      '(held there). Every answer and list shows it.',
  })
  @ApiParam({
    name: 'receiptKey',
    description: 'A receipt (issue or cancel) key.',
    schema: { type: 'string', minLength: 1, maxLength: 200 },
  })
  @ApiBody({ type: ReceiptOutcomeRequest })
  @ApiOkResponse({ type: CashReceipt, description: 'The receipt with its outcome.' })
  @TestControlResponses('POST', {
    400: { INVALID_REQUEST: 'issueStatus is not one of the three, or failure is malformed' },
    404: { NOT_FOUND: 'no receipt with this key' },
  })
  decideCashReceiptOutcome(
    @Param('receiptKey') receiptKey: string,
    @Body() body: Json,
  ): Promise<TossCashReceiptJson> {
    return this.cashReceipts.decideOutcome(receiptKey, body);
  }

  @Post('faults')
  @HttpCode(200)
  @ApiTags('Test: faults')
  @ApiOperation({
    operationId: 'addFault',
    summary: 'Inject a fault into the Toss API',
    description:
      'Adds a fault (faults stack; the most specific one matching a request applies). It stays ' +
      'until cleared, or for `count` applications.',
  })
  @ApiBody({ type: AddFaultRequest })
  @ApiOkResponse({ type: Fault, description: 'The fault, in force.' })
  @TestControlResponses('POST', { 400: { INVALID_REQUEST: INVALID_BODY } })
  addFault(@Body() body: Json): Promise<FaultView> {
    return this.test.addFault(body);
  }

  @Get('faults')
  @ApiTags('Test: faults')
  @ApiOperation({
    operationId: 'listFaults',
    summary: 'List the faults in force',
    description: 'Every fault in force, oldest first, with how often each was applied.',
  })
  @ApiOkResponse({ type: FaultList, description: 'The faults.' })
  @TestControlResponses('GET')
  listFaults(): Promise<{ faults: FaultView[] }> {
    return this.test.listFaults();
  }

  @Delete('faults')
  @ApiTags('Test: faults')
  @ApiOperation({
    operationId: 'clearFaults',
    summary: 'Clear faults',
    description:
      'The faults aimed at orderId, paymentKey or billingKey; with none of them, every fault.',
  })
  @ApiQuery({
    name: 'paymentKey',
    required: false,
    description: 'Only the faults aimed at this payment.',
    schema: { type: 'string', maxLength: 200 },
  })
  @ApiQuery({ ...BILLING_KEY_QUERY, description: 'Only the faults aimed at this billing key.' })
  @ApiQuery({ ...ORDER_ID_QUERY, description: 'Only the faults aimed at this order.' })
  @ApiOkResponse({ type: DeletedFaults, description: 'How many were cleared.' })
  @TestControlResponses('DELETE')
  clearFaults(@Query() query: Json): Promise<{ deleted: number }> {
    return this.test.clearFaults({
      orderId: one(query.orderId),
      paymentKey: one(query.paymentKey),
      billingKey: one(query.billingKey),
    });
  }

  @Delete('faults/:id')
  @ApiTags('Test: faults')
  @ApiOperation({
    operationId: 'clearFault',
    summary: 'Clear one fault',
    description: 'Clears the fault with this id (deleted 0 if there is none).',
  })
  @ApiParam({
    name: 'id',
    description: "The fault's id.",
    schema: { type: 'string', format: 'uuid' },
  })
  @ApiOkResponse({ type: DeletedFaults, description: 'How many were cleared (0 or 1).' })
  @TestControlResponses('DELETE')
  clearFault(@Param('id') id: string): Promise<{ deleted: number }> {
    return this.test.clearFaults({ id });
  }

  @Get('clock')
  @ApiTags('Test: clock')
  @ApiOperation({
    operationId: 'getClock',
    summary: "Read the sandbox's clock",
    description: "The sandbox's now and its offset from real time.",
  })
  @ApiOkResponse({ type: Clock, description: 'The clock.' })
  @TestControlResponses('GET')
  clock(): Promise<ClockView> {
    return this.test.getClock();
  }

  @Post('clock')
  @HttpCode(200)
  @ApiTags('Test: clock')
  @ApiOperation({
    operationId: 'setClock',
    summary: "Move the sandbox's clock",
    description:
      'Sets the offset from real time (`offsetMs`) or the instant it is now (`now`), for every ' +
      'instance on the database: e.g. `{"offsetMs": 660000}` puts a payment authenticated now ' +
      'past its 10-minute confirm window.',
  })
  @ApiBody({ type: SetClockRequest })
  @ApiOkResponse({ type: Clock, description: 'The clock, moved.' })
  @TestControlResponses('POST', {
    400: { INVALID_REQUEST: 'neither an integer offsetMs nor an ISO 8601 now' },
  })
  setClock(@Body() body: Json): Promise<ClockView> {
    return this.test.setClock(body);
  }

  @Delete('clock')
  @ApiTags('Test: clock')
  @ApiOperation({
    operationId: 'resetClock',
    summary: "Put the sandbox's clock back to real time",
    description: 'Sets the offset to 0.',
  })
  @ApiOkResponse({ type: Clock, description: 'The clock, at real time.' })
  @TestControlResponses('DELETE')
  resetClock(): Promise<ClockView> {
    return this.test.resetClock();
  }

  @Post('reset')
  @HttpCode(200)
  @ApiTags('Test: faults')
  @ApiOperation({
    operationId: 'resetTestControls',
    summary: 'Clear every fault and reset the clock',
    description: 'Between tests: no fault in force, the clock at real time. Payments stay.',
  })
  @ApiOkResponse({ type: ResetResult, description: 'What was reset.' })
  @TestControlResponses('POST')
  reset(): Promise<{ faultsDeleted: number; clock: ClockView }> {
    return this.test.reset();
  }

  @Get('payments')
  @ApiTags('Test: read-back')
  @ApiOperation({
    operationId: 'readBackOrder',
    summary: 'Read back what the sandbox holds for an order',
    description:
      "An order's payments (by orderId, or the order of paymentKey), the Toss API calls received " +
      'for it and the transactions made, for assertions.',
  })
  // Listed bottom-up: orderId first.
  @ApiQuery({
    name: 'paymentKey',
    required: false,
    description: 'A payment of the order (used when orderId is absent).',
    schema: { type: 'string', maxLength: 200 },
  })
  @ApiQuery({ ...ORDER_ID_QUERY, description: 'The order (orderId or paymentKey is required).' })
  @ApiOkResponse({ type: ReadBackDto, description: 'The order as the sandbox holds it.' })
  @TestControlResponses('GET', {
    400: { INVALID_REQUEST: 'neither orderId nor paymentKey, or a malformed orderId' },
    404: { NOT_FOUND_PAYMENT: 'no payment with this paymentKey' },
  })
  readBack(@Query() query: Json): Promise<ReadBack> {
    const filter: Filter = { orderId: one(query.orderId), paymentKey: one(query.paymentKey) };
    return this.test.readBack(filter);
  }

  @Get('billing')
  @ApiTags('Test: read-back')
  @ApiOperation({
    operationId: 'readBackBilling',
    summary: "Read back a customer's billing keys",
    description:
      "A customer's issued billing keys (by customerKey, or the customer of billingKey): each " +
      'key itself, its card, ACTIVE or DELETED (when, why) and the payments charged with it. The ' +
      'keys are shown, unlike at Toss, because this is a test control.',
  })
  // Listed bottom-up: customerKey first.
  @ApiQuery({
    ...BILLING_KEY_QUERY,
    description: 'A key of the customer (used when customerKey is absent).',
  })
  @ApiQuery({
    name: 'customerKey',
    required: false,
    description: 'The customer (customerKey or billingKey is required).',
    schema: { type: 'string', pattern: CUSTOMER_KEY_PATTERN },
  })
  @ApiOkResponse({ type: BillingReadBackDto, description: "The customer's keys." })
  @TestControlResponses('GET', {
    400: { INVALID_REQUEST: 'neither customerKey nor billingKey' },
    404: { NOT_FOUND_BILLING: 'no billing key billingKey' },
  })
  readBackBilling(@Query() query: Json): Promise<BillingReadBack> {
    return this.billing.readBack({
      customerKey: one(query.customerKey),
      billingKey: one(query.billingKey),
    });
  }

  @Get('cash-receipts')
  @ApiTags('Test: read-back')
  @ApiOperation({
    operationId: 'readBackCashReceipts',
    summary: "Read back an order's cash receipts",
    description:
      "An order's receipts, issues and cancels, with its payments or not (whatever day they were " +
      'requested), oldest first, and the receipt calls received for it.',
  })
  @ApiQuery({ ...ORDER_ID_QUERY, required: true, description: 'The order.' })
  @ApiOkResponse({ type: CashReceiptReadBackDto, description: "The order's receipts." })
  @TestControlResponses('GET', { 400: { INVALID_REQUEST: 'a missing or malformed orderId' } })
  readBackCashReceipts(@Query() query: Json): Promise<CashReceiptReadBack> {
    return this.cashReceipts.readBack({ orderId: one(query.orderId) });
  }

  @Get('webhooks')
  @ApiTags('Test: read-back')
  @ApiOperation({
    operationId: 'listWebhookDeliveries',
    summary: 'List webhook deliveries',
    description:
      "An order's or a billing key's webhooks oldest first, or with neither the 100 latest, " +
      'newest first: status, attempts, last answer and the body posted.',
  })
  @ApiQuery({ ...BILLING_KEY_QUERY, description: 'Only this billing key (BILLING_DELETED).' })
  @ApiQuery({ ...ORDER_ID_QUERY, description: 'Only this order (wins over billingKey).' })
  @ApiOkResponse({ type: WebhookDeliveryList, description: 'The deliveries.' })
  @TestControlResponses('GET', { 400: { INVALID_REQUEST: 'a malformed orderId' } })
  webhooks(@Query() query: Json): Promise<{ deliveries: WebhookDeliveryView[] }> {
    return this.test.webhookDeliveries({
      orderId: one(query.orderId),
      billingKey: one(query.billingKey),
    });
  }
}
