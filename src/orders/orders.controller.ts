import { Body, Controller, Get, Post, Query } from '@nestjs/common';
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
import { OrdersService } from './orders.service';

@ApiTags('orders')
@ApiBearerAuth()
@Controller('orders')
export class OrdersController {
  constructor(private readonly orders: OrdersService) {}

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

  // POST :orderId/cancel lives in payments/order-cancel.controller.ts: canceling a
  // WAITING_FOR_DEPOSIT order cancels its virtual account at Toss first.
}
