import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { billingConfig } from '../config/app.config';
import { PaymentsModule } from '../payments/payments.module';
import { CashReceiptBooks } from './cash-receipt-books';
import { CashReceiptLookup } from './cash-receipt-lookup';
import { CashReceiptRefunds } from './cash-receipt-refunds';
import { CashReceiptSettlement } from './cash-receipt-settlement';
import { CashReceiptSweeper } from './cash-receipt-sweeper';
import { CashReceiptsController } from './cash-receipts.controller';
import { CashReceiptsRepository } from './cash-receipts.repository';
import { CashReceiptsService } from './cash-receipts.service';
import { IdentityNumberVault } from './identity-number-vault';

/**
 * Cash receipts (현금영수증) asked for after a payment: issued, canceled with the payment's refunds
 * and settled through Toss's cash receipt API; the identity number sealed at rest. The books report
 * reads CashReceiptBooks; the reconciler's callers may run CashReceiptSweeper.runOnce.
 */
@Module({
  imports: [ConfigModule.forFeature(billingConfig), PaymentsModule],
  controllers: [CashReceiptsController],
  providers: [
    CashReceiptsService,
    CashReceiptsRepository,
    CashReceiptSettlement,
    CashReceiptLookup,
    CashReceiptRefunds,
    CashReceiptSweeper,
    CashReceiptBooks,
    IdentityNumberVault,
  ],
  exports: [CashReceiptBooks, CashReceiptSweeper],
})
export class CashReceiptsModule {}
