import { Body, Controller, Delete, Get, HttpCode, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import { AuthUser, CurrentUser, Roles } from '../auth/auth-user';
import { TOSS_BILLING_ISSUE_DECLINES } from '../common/errors/error-docs';
import { ApiErrors } from '../common/swagger';
import { BillingKeysService } from './billing-keys.service';
import { IdParam } from '../common/id-param';
import {
  CardDto,
  CardListDto,
  CustomerKeyDto,
  RegisterCardDto,
  toCardDto,
} from './dto/billing.dto';

@ApiTags('billing')
@ApiBearerAuth()
@Roles('customer')
@Controller('billing')
export class BillingController {
  constructor(private readonly billing: BillingKeysService) {}

  @Get('customer-key')
  @ApiOperation({
    operationId: 'getCustomerKey',
    summary: "Your customerKey for Toss's billing-auth window (customers only)",
    description:
      "Made on first request (a random UUID, never your id or email) and the same ever after. Open the window with `TossPayments(clientKey).payment({customerKey}).requestBillingAuth({method: 'CARD', successUrl, failUrl})`; Toss sends the browser to successUrl with `customerKey` and `authKey`, which POST /billing/cards takes. Keep it private: with a leaked billing key it is what Toss checks.",
  })
  @ApiOkResponse({ type: CustomerKeyDto, description: 'Your customerKey.' })
  @ApiErrors('FORBIDDEN')
  async customerKey(@CurrentUser() user: AuthUser): Promise<CustomerKeyDto> {
    return { customerKey: await this.billing.customerKey(user) };
  }

  @Post('cards')
  @ApiOperation({
    operationId: 'registerCard',
    summary: 'Register the card authenticated in the billing-auth window (customers only)',
    description:
      "Send the successUrl's authKey and customerKey. The customerKey must be yours (403 CUSTOMER_KEY_MISMATCH otherwise, and Toss is not called). Toss issues a billing key for the card, which is stored encrypted and never answered; the answer is the card as you see it. A card Toss refuses is 402 with Toss's code; when Toss's answer was lost, 502 BILLING_OUTCOME_UNKNOWN: register again.",
  })
  @ApiCreatedResponse({ type: CardDto, description: 'The registered card.' })
  @ApiErrors(
    'FORBIDDEN',
    'CUSTOMER_KEY_MISMATCH',
    TOSS_BILLING_ISSUE_DECLINES,
    'CARD_REGISTRATION_REFUSED',
    'MERCHANT_CONFIGURATION_ERROR',
    'BILLING_OUTCOME_UNKNOWN',
  )
  async register(@CurrentUser() user: AuthUser, @Body() dto: RegisterCardDto): Promise<CardDto> {
    return toCardDto(await this.billing.register(user, dto.authKey, dto.customerKey));
  }

  @Get('cards')
  @ApiOperation({
    operationId: 'listCards',
    summary: 'Your registered cards, newest first (customers only)',
    description: 'Deleted cards (by you, or by Toss) are not listed.',
  })
  @ApiOkResponse({ type: CardListDto, description: 'Your cards.' })
  @ApiErrors('FORBIDDEN')
  async list(@CurrentUser() user: AuthUser): Promise<CardListDto> {
    return { items: (await this.billing.list(user)).map(toCardDto) };
  }

  @Delete('cards/:cardId')
  @HttpCode(204)
  @ApiOperation({
    operationId: 'deleteCard',
    summary: 'Delete one of your cards (customers only)',
    description:
      "The card is deleted at once and never charged again; its billing key is then deleted at Toss. Toss's guides say billing keys cannot be deleted at Toss while its reference lists the call: whatever Toss answers, the card stays deleted here. Another customer's card, or one already deleted, is 404 CARD_NOT_FOUND.",
  })
  @ApiParam({ name: 'cardId', format: 'uuid', description: "The card's id." })
  @ApiNoContentResponse({ description: 'Deleted.' })
  @ApiErrors('FORBIDDEN', 'CARD_NOT_FOUND')
  remove(@CurrentUser() user: AuthUser, @IdParam('cardId', 'card') cardId: string): Promise<void> {
    return this.billing.remove(user, cardId);
  }
}
