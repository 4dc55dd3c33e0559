import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser } from '../auth/auth-user';
import { ApiErrors } from '../common/swagger';
import { CreateOrderDto, ListOrdersQueryDto, OrderPageDto, OrderResponseDto } from './dto/order.dto';
import { OrdersService } from './orders.service';

@ApiTags('orders')
@ApiBearerAuth()
@Controller('orders')
export class OrdersController {
  constructor(private readonly orders: OrdersService) {}

  @Post()
  @ApiOperation({ summary: 'Create the pending order a payment will be checked against (server-priced)' })
  @ApiErrors('VALIDATION_ERROR', 'UNAUTHORIZED', 'PRODUCT_NOT_FOUND')
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
  get(@CurrentUser() user: AuthUser, @Param('orderId') orderId: string): Promise<OrderResponseDto> {
    return this.orders.get(user, orderId);
  }

  @Post(':orderId/cancel')
  @HttpCode(200)
  @ApiOperation({ summary: 'Give up a PENDING order (owner or admin)' })
  @ApiErrors('UNAUTHORIZED', 'ORDER_NOT_FOUND', 'ORDER_NOT_CANCELABLE')
  cancel(@CurrentUser() user: AuthUser, @Param('orderId') orderId: string): Promise<OrderResponseDto> {
    return this.orders.cancel(user, orderId);
  }
}
