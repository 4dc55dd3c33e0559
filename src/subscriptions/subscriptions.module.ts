import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { ScheduleModule } from '@nestjs/schedule';
import { BillingModule } from '../billing/billing.module';
import { subscriptionsConfig } from '../config/app.config';
import { PaymentsModule } from '../payments/payments.module';
import { PlansModule } from '../plans/plans.module';
import { TossModule } from '../toss/toss.module';
import { SubscriptionChargesRepository } from './subscription-charges.repository';
import { SubscriptionCharging } from './subscription-charging';
import { SubscriptionClock } from './subscription-clock';
import { SubscriptionScheduler } from './subscription-scheduler';
import { SubscriptionsController } from './subscriptions.controller';
import { SubscriptionsRepository } from './subscriptions.repository';
import { SubscriptionsService } from './subscriptions.service';

/** Subscriptions and their charges (자동결제): the customer's API, the charge flow, the scheduler. */
@Module({
  imports: [
    ConfigModule.forFeature(subscriptionsConfig),
    ScheduleModule.forRoot(),
    TossModule,
    PaymentsModule,
    BillingModule,
    PlansModule,
  ],
  controllers: [SubscriptionsController],
  providers: [
    SubscriptionsService,
    SubscriptionsRepository,
    SubscriptionChargesRepository,
    SubscriptionCharging,
    SubscriptionScheduler,
    SubscriptionClock,
  ],
  exports: [SubscriptionScheduler, SubscriptionClock],
})
export class SubscriptionsModule {}
