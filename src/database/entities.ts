import { BillingKey } from '../billing/billing-key.entity';
import { CashReceiptCancel } from '../cash-receipts/cash-receipt-cancel.entity';
import { CashReceipt } from '../cash-receipts/cash-receipt.entity';
import { Plan } from '../plans/plan.entity';
import { SubscriptionCharge } from '../subscriptions/subscription-charge.entity';
import { Subscription } from '../subscriptions/subscription.entity';
import { OrderItem } from '../orders/order-item.entity';
import { Order } from '../orders/order.entity';
import { PaymentAttempt } from '../payments/payment-attempt.entity';
import { Payment } from '../payments/payment.entity';
import { Refund } from '../payments/refund.entity';
import { WebhookDelivery } from '../webhooks/webhook-delivery.entity';
import { TossCall } from '../payments/toss-call.entity';
import { Product } from '../products/product.entity';
import { User } from '../users/user.entity';

/** Every entity of the service; listed explicitly so Jest, ts-node and dist all load the same set. */
export const ENTITIES = [
  User,
  Product,
  Order,
  OrderItem,
  Payment,
  PaymentAttempt,
  TossCall,
  Refund,
  WebhookDelivery,
  BillingKey,
  Plan,
  Subscription,
  SubscriptionCharge,
  CashReceipt,
  CashReceiptCancel,
];
