import { Injectable } from '@nestjs/common';
import type { AuthUser } from '../auth/auth-user';
import { PaymentLedger } from '../payments/payment-ledger';
import { RefundsService } from '../payments/refunds.service';
import type { OrderResponseDto } from './dto/order.dto';
import { OrdersService } from './orders.service';

/**
 * The customer (or an admin) gives up an order. A PENDING order is canceled by the ledger; a
 * WAITING_FOR_DEPOSIT one's virtual account is canceled at Toss first, as a refund, and the ledger
 * records Toss's answer. Anything else is ORDER_NOT_CANCELABLE.
 */
@Injectable()
export class OrderCancelService {
  constructor(
    private readonly orders: OrdersService,
    private readonly ledger: PaymentLedger,
    private readonly refunds: RefundsService,
  ) {}

  async cancel(user: AuthUser, orderId: string): Promise<OrderResponseDto> {
    const order = await this.orders.get(user, orderId);
    if (order.status === 'WAITING_FOR_DEPOSIT' && order.payment) {
      await this.refunds.cancelUnpaidAccount(order.payment.paymentKey);
    } else {
      await this.ledger.cancelPending(orderId);
    }
    return this.orders.get(user, orderId);
  }
}
