import { Controller, Get, HttpCode, Param, Post, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { asBody } from './payment-rules';
import { SandboxPaymentsService } from './sandbox-payments.service';
import { TossCallRunner } from './toss-call.runner';
import { TossErrorFilter } from './toss-error.filter';

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/**
 * Toss's core payment API, emulated (docs/toss.md §2): point TOSS_API_BASE_URL at
 * http://host:port/sandbox/toss and call it exactly as api.tosspayments.com. Bodies are read by
 * hand (no DTO classes): Toss-shaped requests pass and errors come back the way Toss words them.
 */
@ApiExcludeController()
@UseFilters(TossErrorFilter)
@Controller('sandbox/toss/v1')
export class TossApiController {
  constructor(
    private readonly runner: TossCallRunner,
    private readonly payments: SandboxPaymentsService,
  ) {}

  @Post('payments/confirm')
  @HttpCode(200)
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
  issueVirtualAccount(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const body = asBody(request.body);
    return this.runner.run(
      request,
      reply,
      { operation: 'issue', orderId: text(body.orderId) },
      (call) => this.payments.issueVirtualAccount(request.body, call),
    );
  }
}
