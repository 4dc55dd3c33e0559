import { Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser } from '../auth/auth-user';
import { IdParam } from '../common/id-param';
import { ApiErrors } from '../common/swagger';
import { OrderResponseDto } from '../orders/dto/order.dto';
import { OrdersService } from '../orders/orders.service';
import { RefundsService } from './refunds.service';

/** Order cancel sits with payments: a WAITING_FOR_DEPOSIT order's virtual account is canceled at Toss first. */
@ApiTags('orders')
@ApiBearerAuth()
@Controller('orders')
export class OrderCancelController {
  constructor(
    private readonly orders: OrdersService,
    private readonly refunds: RefundsService,
  ) {}

  @Post(':orderId/cancel')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Give up an order (owner or admin): PENDING, or WAITING_FOR_DEPOSIT (its virtual account is canceled at Toss first)',
  })
  @ApiErrors('UNAUTHORIZED', 'ORDER_NOT_FOUND', 'ORDER_NOT_CANCELABLE', 'PAYMENT_OUTCOME_UNKNOWN')
  async cancel(
    @CurrentUser() user: AuthUser,
    @IdParam('orderId', 'order') orderId: string,
  ): Promise<OrderResponseDto> {
    const order = await this.orders.get(user, orderId);
    if (order.status === 'WAITING_FOR_DEPOSIT' && order.payment) {
      await this.refunds.cancelUnpaidAccount(order.payment.paymentKey);
      return this.orders.get(user, orderId);
    }
    return this.orders.cancel(user, orderId);
  }
}
