import {
  Body,
  Controller,
  createParamDecorator,
  ExecutionContext,
  Get,
  HttpCode,
  Inject,
  Post,
  Query,
  Res,
} from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import {
  ApiBearerAuth,
  ApiFoundResponse,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AuthUser, CurrentUser, Public, Roles } from '../auth/auth-user';
import { ValidationError } from '../common/errors';
import { toErrorBody } from '../common/filters/all-exceptions.filter';
import { IdParam } from '../common/id-param';
import {
  TOSS_CONFIRM_DECLINES,
  TOSS_REFUND_ACCOUNT_REFUSALS,
  TOSS_REFUND_STATE_REFUSALS,
} from '../common/errors/error-docs';
import { ApiErrors } from '../common/swagger';
import { appConfig } from '../config/app.config';
import { CancelPaymentDto } from './dto/cancel-payment.dto';
import { ConfirmPaymentDto, PaymentResponseDto } from './dto/payment.dto';
import { TossFailQueryDto, TossSuccessQueryDto } from './dto/toss-redirect.dto';
import { PaymentsService } from './payments.service';
import { RefundsService } from './refunds.service';

/** A client's Idempotency-Key for a refund: what Toss accepts in its own key, within our column. */
const IDEMPOTENCY_KEY_PATTERN = /^[A-Za-z0-9_.:-]{1,64}$/;

/**
 * The refund's Idempotency-Key header, checked. Read here rather than with @Headers('…'), which
 * the document would list a second time beside the @ApiHeader that describes it.
 */
const IdempotencyKey = createParamDecorator((_: unknown, ctx: ExecutionContext) => {
  const value = ctx.switchToHttp().getRequest<FastifyRequest>().headers['idempotency-key'];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !IDEMPOTENCY_KEY_PATTERN.test(value))
    throw new ValidationError([
      { field: 'Idempotency-Key', problems: ['1 to 64 of A-Z a-z 0-9 _ - . :'] },
    ]);
  return value;
});

/** Where the frontend's page is, on both redirect routes. */
const REDIRECT_HEADERS = {
  Location: {
    description: 'FRONTEND_URL/payments/success or /payments/fail, with the outcome in the query.',
    schema: { type: 'string', format: 'uri' },
  },
};

@ApiTags('payments')
@Controller('payments')
export class PaymentsController {
  constructor(
    private readonly payments: PaymentsService,
    private readonly refunds: RefundsService,
    @Inject(appConfig.KEY) private readonly app: ConfigType<typeof appConfig>,
  ) {}

  @Post('confirm')
  @HttpCode(200)
  @ApiBearerAuth()
  @ApiOperation({
    operationId: 'confirmPayment',
    summary: 'Confirm the payment the customer authorised in Toss’s window (owner of the order)',
    description:
      'Checks the order (owner, PENDING, not expired, amount) before Toss is called; the same confirm again answers the stored payment. ' +
      "A decline answers 402 with Toss's code and message and the order is PENDING again; a refusal caused by the shop's Toss setup answers 500 MERCHANT_CONFIGURATION_ERROR. " +
      'An outcome Toss could not tell answers 502 PAYMENT_OUTCOME_UNKNOWN and the order stays IN_PROGRESS until the reconciler settles it.',
  })
  @ApiOkResponse({
    type: PaymentResponseDto,
    description: 'Approved: the order is PAID, or WAITING_FOR_DEPOSIT for a virtual account.',
  })
  @ApiErrors(
    'ORDER_NOT_FOUND',
    'ORDER_NOT_PAYABLE',
    'PAYMENT_IN_PROGRESS',
    'AMOUNT_MISMATCH',
    'PAYMENT_OUTCOME_UNKNOWN',
    'PAYMENT_MISMATCH',
    'TAX_FREE_AMOUNT_MISMATCH',
    TOSS_CONFIRM_DECLINES,
    'PAYMENT_DECLINED',
    'MERCHANT_CONFIGURATION_ERROR',
  )
  confirm(
    @CurrentUser() user: AuthUser,
    @Body() dto: ConfirmPaymentDto,
  ): Promise<PaymentResponseDto> {
    return this.payments.confirm({ kind: 'customer', user }, dto);
  }

  @Public()
  @Get('toss/success')
  @ApiOperation({
    operationId: 'handleTossSuccessRedirect',
    summary: 'Toss successUrl: confirms, then redirects the browser to the frontend',
    description:
      "For shops that let Toss's window return to the backend: confirms as POST /api/v1/payments/confirm does (the exact triple Toss sent stands in for the sign-in), then redirects to FRONTEND_URL/payments/success (orderId, paymentKey) or /payments/fail (code, message, orderId). " +
      'A query that Toss’s window cannot have sent (a parameter missing, repeated or not of its pattern) is answered 400 VALIDATION_ERROR, not redirected, and confirms nothing.',
  })
  @ApiFoundResponse({ description: 'Redirect to the frontend.', headers: REDIRECT_HEADERS })
  async tossSuccess(
    @Query() query: TossSuccessQueryDto,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const { paymentKey, orderId, amount } = query;
    try {
      await this.payments.confirm({ kind: 'redirect' }, { paymentKey, orderId, amount });
      return this.redirect(reply, '/payments/success', { orderId, paymentKey });
    } catch (error) {
      const body = toErrorBody(error) ?? {
        code: 'INTERNAL_ERROR',
        message: 'Something went wrong on our side.',
      };
      return this.redirect(reply, '/payments/fail', {
        code: body.code,
        message: body.message,
        orderId,
      });
    }
  }

  @Public()
  @Get('toss/fail')
  @ApiOperation({
    operationId: 'handleTossFailRedirect',
    summary: 'Toss failUrl: records the failed attempt, then redirects to the frontend',
    description:
      'The order stays PENDING (the customer may pay again) and the browser goes to FRONTEND_URL/payments/fail with code, message and orderId. ' +
      'A parameter repeated or not of its pattern is answered 400 VALIDATION_ERROR and records nothing.',
  })
  @ApiFoundResponse({ description: 'Redirect to the frontend.', headers: REDIRECT_HEADERS })
  async tossFail(@Query() query: TossFailQueryDto, @Res() reply: FastifyReply): Promise<void> {
    const code = query.code ?? 'PAY_PROCESS_ABORTED';
    const message = query.message ?? '결제가 완료되지 않았습니다.';
    if (query.orderId) await this.payments.recordWindowFailure(query.orderId, code, message);
    return this.redirect(reply, '/payments/fail', { code, message, orderId: query.orderId });
  }

  @Roles('admin')
  @Post(':paymentKey/cancel')
  @HttpCode(200)
  @ApiBearerAuth()
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description:
      'The same key and body again answers the first outcome and never refunds twice; the same key with another body answers 409 IDEMPOTENCY_KEY_REUSED.',
    schema: { type: 'string', pattern: IDEMPOTENCY_KEY_PATTERN.source },
  })
  @ApiOperation({
    operationId: 'cancelPayment',
    summary: 'Refund a payment in full or in part (admin)',
    description:
      'Bounded by the balance before Toss is called. A refund names order lines (`lines`: the amount and its tax-free part follow from them), or gives `cancelAmount` with its tax-free part `taxFreeAmount` (0 when left out), or neither (the whole remaining balance with its whole tax-free part). ' +
      "The tax-free part is bounded by the payment's tax-free balance and the rest by its taxable balance, each minus the refunds still in flight; a line by what is left of it. " +
      'A paid virtual account needs refundReceiveAccount. ' +
      "Toss's refusals keep Toss's code: 400 for a refund account Toss refused, 409 when the payment's state at Toss forbids it; a refusal caused by the shop's Toss setup answers 500 MERCHANT_CONFIGURATION_ERROR. " +
      'An unseen outcome answers 502 PAYMENT_OUTCOME_UNKNOWN and is settled by the reconciler.',
  })
  @ApiOkResponse({
    type: PaymentResponseDto,
    description:
      'Refunded: the payment with its cancels; the order is PARTIALLY_REFUNDED or REFUNDED.',
  })
  @ApiErrors(
    'FORBIDDEN',
    'PAYMENT_NOT_FOUND',
    'CANCEL_AMOUNT_EXCEEDED',
    'TAX_FREE_AMOUNT_EXCEEDED',
    'TAXABLE_AMOUNT_EXCEEDED',
    'REFUND_QUANTITY_EXCEEDED',
    'REFUND_ACCOUNT_REQUIRED',
    'NOT_CANCELABLE',
    'IDEMPOTENCY_KEY_REUSED',
    'PAYMENT_OUTCOME_UNKNOWN',
    TOSS_REFUND_ACCOUNT_REFUSALS,
    TOSS_REFUND_STATE_REFUSALS,
    'REFUND_REFUSED',
    'MERCHANT_CONFIGURATION_ERROR',
  )
  cancel(
    @IdParam('paymentKey', 'payment') paymentKey: string,
    @Body() dto: CancelPaymentDto,
    @IdempotencyKey() idempotencyKey: string | undefined,
  ): Promise<PaymentResponseDto> {
    return this.refunds.cancel(paymentKey, dto, idempotencyKey);
  }

  @Get(':paymentKey')
  @ApiBearerAuth()
  @ApiOperation({
    operationId: 'getPayment',
    summary: 'One payment (owner or admin)',
    description:
      "As recorded from Toss. Admins also get `attempts`, every call made to Toss for it. Another customer's payment answers 404 PAYMENT_NOT_FOUND.",
  })
  @ApiOkResponse({ type: PaymentResponseDto, description: 'The payment.' })
  @ApiErrors('PAYMENT_NOT_FOUND')
  get(
    @CurrentUser() user: AuthUser,
    @IdParam('paymentKey', 'payment') paymentKey: string,
  ): Promise<PaymentResponseDto> {
    return this.payments.get(user, paymentKey);
  }

  private redirect(
    reply: FastifyReply,
    path: string,
    params: Record<string, string | undefined>,
  ): void {
    const base = this.app.frontendUrl;
    const url = new URL(base + path);
    for (const [key, value] of Object.entries(params))
      if (value !== undefined) url.searchParams.set(key, value);
    void reply
      .code(302)
      .header('location', url.toString())
      .header('cache-control', 'no-store')
      .send();
  }
}
