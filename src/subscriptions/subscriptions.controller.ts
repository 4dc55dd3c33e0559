import { Body, Controller, Get, HttpCode, Post, Put } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { AuthUser, CurrentUser, Roles } from '../auth/auth-user';
import { ApiErrors } from '../common/swagger';
import {
  CancelSubscriptionDto,
  ChangeCardDto,
  SubscribeDto,
  SubscriptionListDto,
  SubscriptionResponseDto,
} from './dto/subscription.dto';
import { IdParam } from '../common/id-param';
import { SubscriptionsService } from './subscriptions.service';

@ApiTags('subscriptions')
@ApiBearerAuth()
@Roles('customer')
@Controller('subscriptions')
export class SubscriptionsController {
  constructor(private readonly subscriptions: SubscriptionsService) {}

  @Post()
  @ApiOperation({
    operationId: 'subscribe',
    summary: 'Subscribe to a plan with one of your cards (customers only)',
    description:
      "The plan's name, amount and interval are copied. Without a trial the first charge runs before the answer (see `charges`: DONE, DECLINED, or IN_PROGRESS when Toss's outcome is not known yet; never pay twice); with one, it runs when the trial ends.",
  })
  @ApiCreatedResponse({ type: SubscriptionResponseDto, description: 'The new subscription.' })
  @ApiErrors('FORBIDDEN', 'PLAN_NOT_FOUND', 'CARD_NOT_FOUND')
  subscribe(
    @CurrentUser() user: AuthUser,
    @Body() dto: SubscribeDto,
  ): Promise<SubscriptionResponseDto> {
    return this.subscriptions.subscribe(user, dto.planId, dto.cardId);
  }

  @Get()
  @ApiOperation({
    operationId: 'listSubscriptions',
    summary: 'Your subscriptions, newest first',
    description: 'Without their charges; read one for those.',
  })
  @ApiOkResponse({ type: SubscriptionListDto, description: 'Your subscriptions.' })
  @ApiErrors('FORBIDDEN')
  list(@CurrentUser() user: AuthUser): Promise<SubscriptionListDto> {
    return this.subscriptions.list(user);
  }

  @Get(':subscriptionId')
  @ApiOperation({
    operationId: 'getSubscription',
    summary: 'One of your subscriptions, with its charges',
    description: "Another customer's subscription answers 404, as an unknown one does.",
  })
  @ApiOkResponse({ type: SubscriptionResponseDto, description: 'The subscription.' })
  @ApiErrors('FORBIDDEN', 'SUBSCRIPTION_NOT_FOUND')
  get(
    @CurrentUser() user: AuthUser,
    @IdParam('subscriptionId', 'subscription') id: string,
  ): Promise<SubscriptionResponseDto> {
    return this.subscriptions.get(user, id);
  }

  @Post(':subscriptionId/cancel')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'cancelSubscription',
    summary: 'Cancel now, or at the end of the paid period',
    description:
      '`atPeriodEnd: true` keeps it until what was paid (or the trial) runs out, with no further charge; resume before then to keep it. `false` ends it now. Nothing paid is refunded here (refund a charge with POST /payments/{paymentKey}/cancel).',
  })
  @ApiOkResponse({ type: SubscriptionResponseDto, description: 'The subscription as it now is.' })
  @ApiErrors('FORBIDDEN', 'SUBSCRIPTION_NOT_FOUND', 'SUBSCRIPTION_ENDED')
  cancel(
    @CurrentUser() user: AuthUser,
    @IdParam('subscriptionId', 'subscription') id: string,
    @Body() dto: CancelSubscriptionDto,
  ): Promise<SubscriptionResponseDto> {
    return this.subscriptions.cancel(user, id, dto.atPeriodEnd);
  }

  @Post(':subscriptionId/resume')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'resumeSubscription',
    summary: 'Keep a subscription set to cancel at the end of its period',
    description: 'Only before the paid period ends; charging then goes on as before.',
  })
  @ApiOkResponse({ type: SubscriptionResponseDto, description: 'The subscription as it now is.' })
  @ApiErrors(
    'FORBIDDEN',
    'SUBSCRIPTION_NOT_FOUND',
    'SUBSCRIPTION_ENDED',
    'NOT_SET_TO_CANCEL',
    'PERIOD_ENDED',
  )
  resume(
    @CurrentUser() user: AuthUser,
    @IdParam('subscriptionId', 'subscription') id: string,
  ): Promise<SubscriptionResponseDto> {
    return this.subscriptions.resume(user, id);
  }

  @Put(':subscriptionId/card')
  @ApiOperation({
    operationId: 'changeSubscriptionCard',
    summary: 'Charge another of your cards from now on',
    description:
      'PAST_DUE with its period due (a hard decline, or retries under way): the new card is charged before the answer, with a fresh retry schedule. Otherwise the next charge uses it.',
  })
  @ApiOkResponse({ type: SubscriptionResponseDto, description: 'The subscription as it now is.' })
  @ApiErrors('FORBIDDEN', 'SUBSCRIPTION_NOT_FOUND', 'CARD_NOT_FOUND', 'SUBSCRIPTION_ENDED')
  changeCard(
    @CurrentUser() user: AuthUser,
    @IdParam('subscriptionId', 'subscription') id: string,
    @Body() dto: ChangeCardDto,
  ): Promise<SubscriptionResponseDto> {
    return this.subscriptions.changeCard(user, id, dto.cardId);
  }
}
