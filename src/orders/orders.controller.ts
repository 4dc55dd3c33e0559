import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
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
    operationId: 'createOrder',
    summary: 'Create the pending order a payment will be checked against (customers only)',
    description:
      "The server prices the lines from the catalogue; no amount is sent. Pass the answer's orderId, orderName and amount to Toss's requestPayment; the order can be paid until expiresAt.",
  })
  @ApiCreatedResponse({ type: OrderResponseDto, description: 'The PENDING order.' })
  @ApiErrors('FORBIDDEN', 'PRODUCT_NOT_FOUND')
  create(@CurrentUser() user: AuthUser, @Body() dto: CreateOrderDto): Promise<OrderResponseDto> {
    return this.orders.create(user, dto);
  }

  @Get()
  @ApiOperation({
    operationId: 'listOrders',
    summary: 'Own orders, newest first (admin: all orders)',
    description: 'Paged with page and limit; `status` keeps only orders in that status.',
  })
  @ApiOkResponse({ type: OrderPageDto, description: 'One page of orders.' })
  list(@CurrentUser() user: AuthUser, @Query() query: ListOrdersQueryDto): Promise<OrderPageDto> {
    return this.orders.list(user, query);
  }

  @Get(':orderId')
  @ApiOperation({
    operationId: 'getOrder',
    summary: 'One order (owner or admin)',
    description:
      "Another customer's order answers 404 ORDER_NOT_FOUND, as an unknown one does. Poll it after a virtual-account confirm: WAITING_FOR_DEPOSIT becomes PAID when the deposit arrives.",
  })
  @ApiOkResponse({ type: OrderResponseDto, description: 'The order.' })
  @ApiErrors('ORDER_NOT_FOUND')
  get(
    @CurrentUser() user: AuthUser,
    @IdParam('orderId', 'order') orderId: string,
  ): Promise<OrderResponseDto> {
    return this.orders.get(user, orderId);
  }

  @Post(':orderId/cancel')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'cancelOrder',
    summary: 'Give up an order (owner or admin)',
    description:
      'A PENDING order is canceled at once. A WAITING_FOR_DEPOSIT order has its virtual account canceled at Toss first; if the deposit arrived meanwhile the answer is 409 ORDER_NOT_CANCELABLE and the order is PAID (refund it instead).',
  })
  @ApiOkResponse({ type: OrderResponseDto, description: 'The CANCELED order.' })
  @ApiErrors('ORDER_NOT_FOUND', 'ORDER_NOT_CANCELABLE', 'PAYMENT_OUTCOME_UNKNOWN')
  cancel(
    @CurrentUser() user: AuthUser,
    @IdParam('orderId', 'order') orderId: string,
  ): Promise<OrderResponseDto> {
    return this.cancellation.cancel(user, orderId);
  }
}
