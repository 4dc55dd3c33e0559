import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { billingConfig } from '../config/app.config';
import { TossModule } from '../toss/toss.module';
import { UsersModule } from '../users/users.module';
import { BillingKeyVault } from './billing-key-vault';
import { BillingController } from './billing.controller';
import { BillingKeysRepository } from './billing-keys.repository';
import { BillingKeysService } from './billing-keys.service';

/** Customers' cards for recurring payments: customerKeys, billing keys sealed at rest, BILLING_DELETED. */
@Module({
  imports: [ConfigModule.forFeature(billingConfig), TossModule, UsersModule],
  controllers: [BillingController],
  providers: [BillingKeysService, BillingKeysRepository, BillingKeyVault],
  exports: [BillingKeysService],
})
export class BillingModule {}
