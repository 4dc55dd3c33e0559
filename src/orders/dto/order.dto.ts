import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { PageQueryDto } from '../../common/dto/pagination.dto';
import { PAYMENT_METHOD, PAYMENT_STATUS } from '../../payments/dto/payment.dto';
import { TAX_CLASSES } from '../../products/tax-class';
import type { TaxClass } from '../../products/tax-class';
import type { PaymentMethodOrNull } from '../../payments/dto/payment.dto';
import { ORDER_STATUSES } from '../../payments/order-status';
import type { OrderStatus } from '../../payments/order-status';
import type { TossPaymentStatus } from '../../toss/toss.types';

export class OrderItemInputDto {
  /** @example '0d9c7a2e-61e1-4bb6-9d55-3f1f0a4a2b7c' */
  @IsString()
  @MaxLength(64)
  productId: string;

  /**
   * How many, 1 to 99.
   * @example 1
   */
  @ApiProperty({ type: 'integer' })
  @IsInt()
  @Min(1)
  @Max(99)
  quantity: number;
}

export class CreateOrderDto {
  /** 1 to 50 lines. The server prices them; no amount is ever sent. */
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => OrderItemInputDto)
  items: OrderItemInputDto[];
}

export class ListOrdersQueryDto extends PageQueryDto {
  @ApiProperty({ enum: ORDER_STATUSES, enumName: 'OrderStatus', required: false })
  @IsOptional()
  @IsIn(ORDER_STATUSES)
  status?: OrderStatus;
}

export class OrderItemResponseDto {
  @ApiProperty({
    type: 'integer',
    minimum: 0,
    example: 0,
    description:
      "The line's place in the order, from 0, as stored. A refund names the lines it gives back by this position (POST /payments/{paymentKey}/cancel).",
  })
  position: number;
  productId: string;
  /** Name at order time. @example '상품1' */
  name: string;
  /** Price at order time. @example 5000 */
  @ApiProperty({ type: 'integer' })
  unitPrice: number;
  /** @example 1 */
  @ApiProperty({ type: 'integer' })
  quantity: number;
  /** unitPrice × quantity. @example 5000 */
  @ApiProperty({ type: 'integer' })
  lineAmount: number;
  @ApiProperty({
    enum: TAX_CLASSES,
    enumName: 'TaxClass',
    example: 'TAXABLE',
    description:
      "The product's tax class when the order was placed; a TAX_FREE line's amount is part of the order's taxFreeAmount.",
  })
  taxClass: TaxClass;
}

export class OrderCustomerDto {
  id: string;
  email: string;
  name: string;
}

export class OrderPaymentSummaryDto {
  paymentKey: string;
  @ApiProperty(PAYMENT_METHOD)
  method: PaymentMethodOrNull;
  @ApiProperty(PAYMENT_STATUS)
  status: TossPaymentStatus;
}

export class OrderResponseDto {
  /**
   * Made by the server; pass it to Toss's requestPayment.
   * @example 'a6b1f0de-3c55-4d0e-8f54-2a3f4c5d6e7f'
   */
  orderId: string;
  /** @example '상품1 외 1건' */
  orderName: string;
  /** Total in whole KRW, computed by the server. @example 15000 */
  @ApiProperty({ type: 'integer' })
  amount: number;
  @ApiProperty({
    type: 'integer',
    minimum: 0,
    example: 0,
    description:
      "The tax-free (면세) part of amount in whole KRW: the sum of the TAX_FREE lines, computed by the server. Pass it to Toss's requestPayment as taxFreeAmount (Toss reads it only from the payment window's request).",
  })
  taxFreeAmount: number;
  @ApiProperty({ enum: ['KRW'], example: 'KRW' })
  currency: string;
  @ApiProperty({ enum: ORDER_STATUSES, enumName: 'OrderStatus', example: 'PENDING' })
  status: OrderStatus;
  items: OrderItemResponseDto[];
  customer: OrderCustomerDto;
  createdAt: Date;
  /** The order can be paid until then. */
  expiresAt: Date;
  paidAt?: Date;
  payment?: OrderPaymentSummaryDto;
  /** Why the last payment attempt failed, when it did (Toss's code). */
  lastFailure?: { code: string; message: string };
}

export class OrderPageDto {
  items: OrderResponseDto[];
  /** @example 1 */
  @ApiProperty({ type: 'integer' })
  page: number;
  /** @example 20 */
  @ApiProperty({ type: 'integer' })
  limit: number;
  /** @example 1 */
  @ApiProperty({ type: 'integer' })
  total: number;
}
