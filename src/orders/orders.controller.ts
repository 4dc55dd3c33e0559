import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser, Roles } from '../auth/auth-user';
import { IdParam } from '../common/id-param';
import { ApiErrors } from '../common/swagger';
import {
  CreateOrderDto,
  ListOrdersQueryDto,
  OrderPageDto,
  OrderResponseDto,
} from './dto/order.dto';
import { OrderCancelService } from './order-cancel.service';
import { OrdersService } from './orders.service';

@ApiTags('orders')
@ApiBearerAuth()
@Controller('orders')
export class OrdersController {
  constructor(
    private readonly orders: OrdersService,
    private readonly cancellation: OrderCancelService,
  ) {}

  @Roles('customer')
  @Post()
  @ApiOperation({
    summary:
      'Create the pending order a payment will be checked against (server-priced; customers only)',
  })
  @ApiErrors('VALIDATION_ERROR', 'UNAUTHORIZED', 'FORBIDDEN', 'PRODUCT_NOT_FOUND')
  create(@CurrentUser() user: AuthUser, @Body() dto: CreateOrderDto): Promise<OrderResponseDto> {
    return this.orders.create(user, dto);
  }

  @Get()
  @ApiOperation({ summary: 'Own orders, newest first (admin: all orders)' })
  @ApiErrors('VALIDATION_ERROR', 'UNAUTHORIZED')
  list(@CurrentUser() user: AuthUser, @Query() query: ListOrdersQueryDto): Promise<OrderPageDto> {
    return this.orders.list(user, query);
  }

  @Get(':orderId')
  @ApiOperation({ summary: 'One order (owner or admin)' })
  @ApiErrors('UNAUTHORIZED', 'ORDER_NOT_FOUND')
  get(
    @CurrentUser() user: AuthUser,
    @IdParam('orderId', 'order') orderId: string,
  ): Promise<OrderResponseDto> {
    return this.orders.get(user, orderId);
  }

  @Post(':orderId/cancel')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Give up an order (owner or admin): PENDING, or WAITING_FOR_DEPOSIT (its virtual account is canceled at Toss first)',
    // The name it had in openapi.json when the route lived in its own controller: clients generated from it keep their method.
    operationId: 'OrderCancelController_cancel',
  })
  @ApiErrors('UNAUTHORIZED', 'ORDER_NOT_FOUND', 'ORDER_NOT_CANCELABLE', 'PAYMENT_OUTCOME_UNKNOWN')
  cancel(
    @CurrentUser() user: AuthUser,
    @IdParam('orderId', 'order') orderId: string,
  ): Promise<OrderResponseDto> {
    return this.cancellation.cancel(user, orderId);
  }
}
