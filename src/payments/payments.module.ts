import { Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { TossModule } from '../toss/toss.module';
import { PaymentBooksChecks } from './books-checks';
import { PaymentLedger } from './payment-ledger';
import { PaymentSettlement } from './payment-settlement';
import { AdminController } from './admin.controller';
import { OrderPaymentsRepository } from './order-payments.repository';
import { PaymentsController } from './payments.controller';
import { PaymentsRepository } from './payments.repository';
import { PaymentsService } from './payments.service';
import { ReconcilerService } from './reconciler.service';
import { ReconciliationReportService } from './reconciliation-report.service';
import { RefundFollowers } from './refund-followers';
import { RefundsRepository } from './refunds.repository';
import { RefundsService } from './refunds.service';
import { TossCalls } from './toss-calls';

@Module({
  imports: [TossModule, ScheduleModule.forRoot()],
  controllers: [PaymentsController, AdminController],
  providers: [
    PaymentsService,
    PaymentsRepository,
    OrderPaymentsRepository,
    PaymentLedger,
    PaymentSettlement,
    TossCalls,
    ReconcilerService,
    RefundsService,
    RefundsRepository,
    RefundFollowers,
    PaymentBooksChecks,
    ReconciliationReportService,
  ],
  exports: [
    PaymentsService,
    PaymentsRepository,
    OrderPaymentsRepository,
    PaymentLedger,
    PaymentSettlement,
    ReconcilerService,
    RefundsService,
    RefundFollowers,
    PaymentBooksChecks,
    ReconciliationReportService,
    TossCalls,
  ],
})
export class PaymentsModule {}
