import { Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { randomUUID } from 'node:crypto';
import type { AuthUser } from '../auth/auth-user';
import { canSee, orderNotFound } from '../auth/ownership';
import { Page, toPage } from '../common/dto/pagination.dto';
import { DomainError } from '../common/errors';
import { isOrderId, isUuid } from '../common/ids';
import { appConfig } from '../config/app.config';
import { ProductsRepository } from '../products/products.repository';
import { User } from '../users/user.entity';
import { CreateOrderDto, ListOrdersQueryDto, OrderResponseDto } from './dto/order.dto';
import { OrderItem } from './order-item.entity';
import { lineAmount, orderAmount, orderName, taxFreeAmount } from './order-rules';
import { Order } from './order.entity';
import { OrdersRepository } from './orders.repository';

export function toOrderResponse(order: Order): OrderResponseDto {
  return {
    orderId: order.orderId,
    orderName: order.orderName,
    amount: order.amount,
    taxFreeAmount: order.taxFreeAmount,
    currency: order.currency,
    status: order.status,
    items: (order.items ?? []).map((item) => ({
      position: item.position,
      productId: item.productId,
      name: item.name,
      unitPrice: item.unitPrice,
      quantity: item.quantity,
      lineAmount: item.lineAmount,
      taxClass: item.taxClass,
    })),
    customer: { id: order.customer!.id, email: order.customer!.email, name: order.customer!.name },
    createdAt: order.createdAt,
    expiresAt: order.expiresAt,
    ...(order.paidAt && { paidAt: order.paidAt }),
    ...(order.payment && {
      payment: {
        paymentKey: order.payment.paymentKey,
        method: order.payment.method,
        status: order.payment.status,
      },
    }),
    ...(order.lastFailureCode && {
      lastFailure: { code: order.lastFailureCode, message: order.lastFailureMessage ?? '' },
    }),
  };
}

@Injectable()
export class OrdersService {
  constructor(
    private readonly orders: OrdersRepository,
    private readonly products: ProductsRepository,
    @Inject(appConfig.KEY) private readonly config: ConfigType<typeof appConfig>,
  ) {}

  async create(user: AuthUser, dto: CreateOrderDto): Promise<OrderResponseDto> {
    const ids = [...new Set(dto.items.map((item) => item.productId))];
    const wellFormed = ids.filter(isUuid);
    const found = wellFormed.length > 0 ? await this.products.findActiveByIds(wellFormed) : [];
    const byId = new Map(found.map((product) => [product.id, product]));
    const missing = ids.filter((id) => !byId.has(id));
    if (missing.length > 0) {
      throw new DomainError(
        'PRODUCT_NOT_FOUND',
        'Some products do not exist or are no longer sold.',
        { productIds: missing },
      );
    }
    const orderId = randomUUID();
    const items = dto.items.map((line, position) => {
      const product = byId.get(line.productId)!;
      return Object.assign(new OrderItem(), {
        orderId,
        position,
        productId: product.id,
        name: product.name,
        unitPrice: product.price,
        quantity: line.quantity,
        lineAmount: lineAmount({ unitPrice: product.price, quantity: line.quantity }),
        taxClass: product.taxClass,
      });
    });
    const order = Object.assign(new Order(), {
      orderId,
      customerId: user.id,
      orderName: orderName(items),
      amount: orderAmount(items),
      taxFreeAmount: taxFreeAmount(items),
      currency: 'KRW',
      status: 'PENDING',
      items,
      expiresAt: new Date(Date.now() + this.config.orderTtlMinutes * 60_000),
      paidAt: null,
      canceledAt: null,
      paymentKey: null,
      lastFailureCode: null,
      lastFailureMessage: null,
    });
    // One statement inserts the order and its lines, for an account that still exists.
    const customer = await this.orders.place(order, items);
    if (!customer)
      throw new DomainError('UNAUTHORIZED', 'The account behind this token no longer exists.');
    order.customer = Object.assign(new User(), customer);
    return toOrderResponse(order);
  }

  async list(user: AuthUser, query: ListOrdersQueryDto): Promise<Page<OrderResponseDto>> {
    const [orders, total] = await this.orders.findPage({
      customerId: user.role === 'admin' ? undefined : user.id,
      status: query.status,
      skip: (query.page - 1) * query.limit,
      take: query.limit,
    });
    return toPage(orders.map(toOrderResponse), total, query);
  }

  async get(user: AuthUser, orderId: string): Promise<OrderResponseDto> {
    const order = isOrderId(orderId) ? await this.orders.findForView(orderId) : null;
    if (!order || !canSee(user, order)) throw orderNotFound();
    return toOrderResponse(order);
  }
}
