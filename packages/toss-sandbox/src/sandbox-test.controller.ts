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
import { ApiExcludeController } from '@nestjs/swagger';
import { SandboxPaymentsService } from './sandbox-payments.service';
import { ClockView, FaultView, ReadBack, SandboxTestService } from './sandbox-test.service';
import { TossErrorFilter } from './toss-error.filter';
import { TossPaymentJson } from './toss-payment.types';

type Json = Record<string, unknown>;
type Filter = { orderId?: string; paymentKey?: string };

function one(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * What Toss's payment window and developer center do, over HTTP: authenticate a payment, deposit
 * into a virtual account; plus fault injection, the clock and read-back for tests. No auth: these
 * exist only where the sandbox is mounted. Bodies use plain types so the global pipe leaves them be.
 */
@ApiExcludeController()
@UseFilters(TossErrorFilter)
@Controller('sandbox/toss/test')
export class SandboxTestController {
  constructor(
    private readonly payments: SandboxPaymentsService,
    private readonly test: SandboxTestService,
  ) {}

  @Post('authorize')
  @HttpCode(200)
  authorize(@Body() body: Json): Promise<{ paymentKey: string; orderId: string; amount: number }> {
    return this.payments.authorize(body);
  }

  @Post('deposit')
  @HttpCode(200)
  deposit(@Body() body: Json): Promise<TossPaymentJson> {
    return this.payments.deposit(body);
  }

  @Post('faults')
  @HttpCode(200)
  addFault(@Body() body: Json): Promise<FaultView> {
    return this.test.addFault(body);
  }

  @Get('faults')
  listFaults(): Promise<{ faults: FaultView[] }> {
    return this.test.listFaults();
  }

  @Delete('faults')
  clearFaults(@Query() query: Json): Promise<{ deleted: number }> {
    return this.test.clearFaults({
      orderId: one(query.orderId),
      paymentKey: one(query.paymentKey),
    });
  }

  @Delete('faults/:id')
  clearFault(@Param('id') id: string): Promise<{ deleted: number }> {
    return this.test.clearFaults({ id });
  }

  @Get('clock')
  clock(): Promise<ClockView> {
    return this.test.getClock();
  }

  @Post('clock')
  @HttpCode(200)
  setClock(@Body() body: Json): Promise<ClockView> {
    return this.test.setClock(body);
  }

  @Delete('clock')
  resetClock(): Promise<ClockView> {
    return this.test.resetClock();
  }

  @Post('reset')
  @HttpCode(200)
  reset(): Promise<{ faultsDeleted: number; clock: ClockView }> {
    return this.test.reset();
  }

  @Get('payments')
  readBack(@Query() query: Json): Promise<ReadBack> {
    const filter: Filter = { orderId: one(query.orderId), paymentKey: one(query.paymentKey) };
    return this.test.readBack(filter);
  }

  @Get('webhooks')
  webhooks(@Query() query: Json): Promise<{ deliveries: unknown[] }> {
    return this.test.webhookDeliveries({ orderId: one(query.orderId) });
  }
}
