import { Init1795735506114 } from './1795735506114-Init';
import { SeedCatalogue1795735506200 } from './1795735506200-SeedCatalogue';
import { Payments1795735811818 } from './1795735811818-Payments';
import { RefundsAndWebhooks1795737469073 } from './1795737469073-RefundsAndWebhooks';
import { AddReconcilerIndexes1795746495696 } from './1795746495696-AddReconcilerIndexes';
import { DropSandboxTables1795800000000 } from './1795800000000-DropSandboxTables';
import { BillingKeys1796603155660 } from './1796603155660-BillingKeys';
import { Subscriptions1796604010770 } from './1796604010770-Subscriptions';
import { TaxClasses1796700000100 } from './1796700000100-TaxClasses';
import { PaymentTaxAmounts1796700000200 } from './1796700000200-PaymentTaxAmounts';
import { SubscriptionTaxClass1796700000250 } from './1796700000250-SubscriptionTaxClass';
import { RefundTaxFree1796700000300 } from './1796700000300-RefundTaxFree';
import { CashReceipts1796700000400 } from './1796700000400-CashReceipts';

/** Every migration, in order. `npm run migration:generate` adds a file; add its class here too. */
export const MIGRATIONS = [
  Init1795735506114,
  SeedCatalogue1795735506200,
  Payments1795735811818,
  RefundsAndWebhooks1795737469073,
  AddReconcilerIndexes1795746495696,
  DropSandboxTables1795800000000,
  BillingKeys1796603155660,
  Subscriptions1796604010770,
  TaxClasses1796700000100,
  PaymentTaxAmounts1796700000200,
  SubscriptionTaxClass1796700000250,
  RefundTaxFree1796700000300,
  CashReceipts1796700000400,
];
