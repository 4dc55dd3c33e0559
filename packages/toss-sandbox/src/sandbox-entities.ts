import { SandboxBilling } from './sandbox-billing.entity';
import { SandboxCashReceipt } from './sandbox-cash-receipt.entity';
import { SandboxFault } from './sandbox-fault.entity';
import { SandboxIdempotencyKey } from './sandbox-idempotency-key.entity';
import { SandboxPayment } from './sandbox-payment.entity';
import { SandboxRequest } from './sandbox-request.entity';
import { SandboxSetting } from './sandbox-setting.entity';
import { SandboxTransaction } from './sandbox-transaction.entity';
import { SandboxWebhookDelivery } from './sandbox-webhook-delivery.entity';

/** The sandbox's own tables (all prefixed sandbox_); registered in src/database/entities.ts. */
export const SANDBOX_ENTITIES = [
  SandboxPayment,
  SandboxTransaction,
  SandboxBilling,
  SandboxCashReceipt,
  SandboxIdempotencyKey,
  SandboxFault,
  SandboxRequest,
  SandboxWebhookDelivery,
  SandboxSetting,
];
