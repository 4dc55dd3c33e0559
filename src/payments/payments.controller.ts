import { Body, Controller, Get, Headers, HttpCode, Inject, Post, Query, Res } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { ApiBearerAuth, ApiFoundResponse, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AuthUser, CurrentUser, Public, Roles } from '../auth/auth-user';
import { ValidationError } from '../common/errors';
import { toErrorBody } from '../common/filters/all-exceptions.filter';
import { IdParam } from '../common/id-param';
import { ApiErrors } from '../common/swagger';
import { appConfig } from '../config/app.config';
import { CancelPaymentDto } from './dto/cancel-payment.dto';
import { ConfirmPaymentDto, PaymentResponseDto } from './dto/payment.dto';
import { TossFailQueryDto, TossSuccessQueryDto } from './dto/toss-redirect.dto';
import { PaymentsService } from './payments.service';
import { RefundsService } from './refunds.service';

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
    summary: 'Confirm the payment the customer authorised in Toss’s window (owner of the order)',
    description:
      'Checks the order (owner, PENDING, not expired, amount) before Toss is called; the same confirm again answers the stored payment. ' +
      "Toss's refusals pass through with Toss's code; an outcome Toss could not tell answers 502 PAYMENT_OUTCOME_UNKNOWN and the order stays IN_PROGRESS until the reconciler settles it.",
  })
  @ApiErrors(
    'VALIDATION_ERROR',
    'UNAUTHORIZED',
    'ORDER_NOT_FOUND',
    'ORDER_NOT_PAYABLE',
    'PAYMENT_IN_PROGRESS',
    'AMOUNT_MISMATCH',
    'PAYMENT_OUTCOME_UNKNOWN',
    'PAYMENT_MISMATCH',
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
    summary:
      'Toss successUrl: confirms, then redirects the browser to FRONTEND_URL/payments/success or /payments/fail',
    description:
      'A query that Toss’s window cannot have sent (a parameter missing, repeated or not of its pattern) is answered 400 VALIDATION_ERROR, not redirected, and confirms nothing.',
  })
  @ApiFoundResponse({ description: 'Redirect to the frontend.' })
  @ApiErrors('VALIDATION_ERROR')
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
    summary:
      'Toss failUrl: records the failed attempt (the order stays PENDING), then redirects to FRONTEND_URL/payments/fail',
    description:
      'A parameter repeated or not of its pattern is answered 400 VALIDATION_ERROR and records nothing.',
  })
  @ApiFoundResponse({ description: 'Redirect to the frontend.' })
  @ApiErrors('VALIDATION_ERROR')
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
      'Up to 64 of A-Z a-z 0-9 _ - . : — the same key and body again answers the first outcome and never refunds twice.',
  })
  @ApiOperation({
    summary: 'Refund a payment in full or in part (admin)',
    description:
      'Bounded by the balance before Toss is called. A paid virtual account needs refundReceiveAccount. ' +
      "Toss's refusals pass through with Toss's code; an unseen outcome answers 502 PAYMENT_OUTCOME_UNKNOWN and is settled by the reconciler.",
  })
  @ApiErrors(
    'VALIDATION_ERROR',
    'UNAUTHORIZED',
    'FORBIDDEN',
    'PAYMENT_NOT_FOUND',
    'CANCEL_AMOUNT_EXCEEDED',
    'REFUND_ACCOUNT_REQUIRED',
    'NOT_CANCELABLE',
    'IDEMPOTENCY_KEY_REUSED',
    'PAYMENT_OUTCOME_UNKNOWN',
  )
  cancel(
    @IdParam('paymentKey', 'payment') paymentKey: string,
    @Body() dto: CancelPaymentDto,
    @Headers('idempotency-key') idempotencyKey?: string,
  ): Promise<PaymentResponseDto> {
    if (idempotencyKey !== undefined && !/^[A-Za-z0-9_.:-]{1,64}$/.test(idempotencyKey)) {
      throw new ValidationError([
        { field: 'Idempotency-Key', problems: ['1 to 64 of A-Z a-z 0-9 _ - . :'] },
      ]);
    }
    return this.refunds.cancel(paymentKey, dto, idempotencyKey);
  }

  @Get(':paymentKey')
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'One payment (owner or admin; admins also get `attempts`, the Toss call audit)',
  })
  @ApiErrors('UNAUTHORIZED', 'PAYMENT_NOT_FOUND')
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
    const base = this.app.frontendUrl ?? `http://localhost:${this.app.port}/demo`;
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
