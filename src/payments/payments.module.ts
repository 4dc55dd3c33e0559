import { Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { OrdersModule } from '../orders/orders.module';
import { TossModule } from '../toss/toss.module';
import { PaymentLedger } from './payment-ledger';
import { PaymentSettlement } from './payment-settlement';
import { AdminController } from './admin.controller';
import { OrderCancelController } from './order-cancel.controller';
import { PaymentsController } from './payments.controller';
import { PaymentsRepository } from './payments.repository';
import { PaymentsService } from './payments.service';
import { ReconcilerService } from './reconciler.service';
import { ReconciliationReportService } from './reconciliation-report.service';
import { RefundsRepository } from './refunds.repository';
import { RefundsService } from './refunds.service';
import { TossCalls } from './toss-calls';

@Module({
  imports: [OrdersModule, TossModule, ScheduleModule.forRoot()],
  controllers: [PaymentsController, OrderCancelController, AdminController],
  providers: [
    PaymentsService,
    PaymentsRepository,
    PaymentLedger,
    PaymentSettlement,
    TossCalls,
    ReconcilerService,
    RefundsService,
    RefundsRepository,
    ReconciliationReportService,
  ],
  exports: [
    PaymentsService,
    PaymentsRepository,
    PaymentLedger,
    PaymentSettlement,
    ReconcilerService,
    RefundsService,
    ReconciliationReportService,
  ],
})
export class PaymentsModule {}
