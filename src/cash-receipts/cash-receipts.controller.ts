import { Body, Controller, Get, Post, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AuthUser, CurrentUser } from '../auth/auth-user';
import { TOSS_CASH_RECEIPT_REFUSALS } from '../common/errors/error-docs';
import { IdParam } from '../common/id-param';
import { ApiErrors } from '../common/swagger';
import { CashReceiptsService } from './cash-receipts.service';
import { CashReceiptResponseDto, RequestCashReceiptDto } from './dto/cash-receipt.dto';

@ApiTags('payments')
@ApiBearerAuth()
@Controller('payments')
export class CashReceiptsController {
  constructor(private readonly receipts: CashReceiptsService) {}

  @Post(':paymentKey/cash-receipt')
  @ApiOperation({
    operationId: 'requestCashReceipt',
    summary:
      'Ask for a cash receipt (현금영수증) for a paid virtual-account or transfer payment (owner or admin)',
    description:
      "For the payment's balance (and its tax-free part), issued through Toss's cash receipt API; at most one active receipt per payment. " +
      'The same type and number again answer the receipt already asked for (200) and Toss is not called again; another type or number while one is active, or a receipt issued in the payment window, is 409 CASH_RECEIPT_EXISTS. ' +
      'A number Toss (or the National Tax Service) refuses is 400 with Toss’s code; an outcome Toss could not tell is 502 CASH_RECEIPT_OUTCOME_UNKNOWN and is checked in the background (read it back with GET). ' +
      'A refund of the payment cancels the receipt for the refunded amount at Toss. The number is stored encrypted and answered masked only.',
  })
  @ApiCreatedResponse({
    type: CashReceiptResponseDto,
    description: 'Issued (or, rarely, already FAILED at the National Tax Service).',
  })
  @ApiOkResponse({
    type: CashReceiptResponseDto,
    description: 'The receipt already asked for with this type and number.',
  })
  @ApiErrors(
    'PAYMENT_NOT_FOUND',
    'CASH_RECEIPT_NOT_AVAILABLE',
    'CASH_RECEIPT_EXISTS',
    'CASH_RECEIPT_OUTCOME_UNKNOWN',
    TOSS_CASH_RECEIPT_REFUSALS,
    'MERCHANT_CONFIGURATION_ERROR',
  )
  async request(
    @CurrentUser() user: AuthUser,
    @IdParam('paymentKey', 'payment') paymentKey: string,
    @Body() dto: RequestCashReceiptDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CashReceiptResponseDto> {
    const { created, receipt } = await this.receipts.request(user, paymentKey, dto);
    if (!created) void reply.status(200);
    return receipt;
  }

  @Get(':paymentKey/cash-receipt')
  @ApiOperation({
    operationId: 'getCashReceipt',
    summary: "The payment's cash receipt (owner or admin)",
    description:
      'The newest receipt asked for through POST, else the one the payment window issued (source PAYMENT_WINDOW), else 404 CASH_RECEIPT_NOT_FOUND. ' +
      "Another customer's payment answers 404 PAYMENT_NOT_FOUND.",
  })
  @ApiOkResponse({ type: CashReceiptResponseDto, description: 'The receipt.' })
  @ApiErrors('PAYMENT_NOT_FOUND', 'CASH_RECEIPT_NOT_FOUND')
  get(
    @CurrentUser() user: AuthUser,
    @IdParam('paymentKey', 'payment') paymentKey: string,
  ): Promise<CashReceiptResponseDto> {
    return this.receipts.get(user, paymentKey);
  }
}
