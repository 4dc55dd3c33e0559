import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsString, Length, Matches, Max, Min } from 'class-validator';
import { ORDER_ID_MESSAGE, ORDER_ID_PATTERN } from '../../common/ids';
import {
  TOSS_OPERATIONS,
  TOSS_PAYMENT_METHODS,
  TOSS_PAYMENT_STATUSES,
} from '../../toss/toss.types';
import type { TossOperation, TossPaymentMethod, TossPaymentStatus } from '../../toss/toss.types';
import { TOSS_CALL_OUTCOMES, TOSS_CALLERS } from '../toss-calls';
import type { TossCallOutcome, TossCaller } from '../toss-calls';

/**
 * One named schema each (PaymentStatus, PaymentMethod), shared by payments and orders. The enum's
 * schema takes the first property's description, so it reads right on both.
 */
export const PAYMENT_STATUS = {
  enum: TOSS_PAYMENT_STATUSES,
  enumName: 'PaymentStatus',
  description: "Toss's payment status, as Toss sends it.",
  example: 'DONE',
} as const;

export const PAYMENT_METHOD = {
  // Every method field may be null, so the named schema is nullable, with null among its values:
  // OpenAPI 3.0 ignores `nullable` beside a $ref, and an enum without null refuses it. (The cast:
  // ApiProperty's enum type has no null.) Fields using it are typed PaymentMethodOrNull.
  enum: [...TOSS_PAYMENT_METHODS, null] as unknown as string[],
  enumName: 'PaymentMethod',
  enumSchema: { nullable: true },
  description:
    "Toss's payment method, as Toss sends it (in Korean); null until the customer has chosen one.",
  example: '카드',
} as const;

/**
 * One name rather than a written `TossPaymentMethod | null`: for that the Swagger plugin adds
 * `nullable` beside the property's $ref, where OpenAPI 3.0 ignores it (PaymentMethod is nullable).
 */
export type PaymentMethodOrNull = TossPaymentMethod | null;

export class ConfirmPaymentDto {
  /**
   * The paymentKey Toss put on the successUrl.
   * @example 'tgen_20261126123456abcDE'
   */
  @IsString()
  @Length(1, 200)
  paymentKey: string;

  /**
   * The orderId of the pending order (from POST /orders).
   * @example 'a6b1f0de-3c55-4d0e-8f54-2a3f4c5d6e7f'
   */
  @ApiProperty({ pattern: ORDER_ID_PATTERN.source })
  @IsString()
  @Matches(ORDER_ID_PATTERN, { message: ORDER_ID_MESSAGE })
  orderId: string;

  /**
   * The amount Toss put on the successUrl; only compared with the order's amount.
   * @example 15000
   */
  @ApiProperty({ type: 'integer' })
  @IsInt()
  @Min(0)
  @Max(1_000_000_000_000)
  amount: number;
}

export class CardDto {
  issuerCode?: string;
  /** Masked card number. @example '43301234****123*' */
  number?: string;
  /** 0 for a lump-sum payment. */
  @ApiPropertyOptional({ type: 'integer' })
  installmentPlanMonths?: number;
  approveNo?: string;
}

export class VirtualAccountDto {
  accountNumber?: string;
  bankCode?: string;
  customerName?: string;
  dueDate?: string;
}

export class TransferDto {
  bankCode?: string;
}

export class MobilePhoneDto {
  customerMobilePhone?: string;
}

export class EasyPayDto {
  /** @example '토스페이' */
  provider?: string;
  /** Paid from the account or prepaid points registered with the easy-pay service, in whole KRW. */
  @ApiPropertyOptional({ type: 'integer' })
  amount?: number;
}

export class CancelDto {
  @ApiProperty({ type: 'integer' })
  cancelAmount: number;
  /** The tax-free part of this cancel, in KRW (0 when it took only taxable money). @example 0 */
  @ApiProperty({ type: 'integer' })
  taxFreeAmount: number;
  cancelReason: string;
  canceledAt: string;
  transactionKey: string;
}

export class TossCallDto {
  /** Which Toss API was called. */
  @ApiProperty({ enum: TOSS_OPERATIONS, enumName: 'TossOperation' })
  operation: TossOperation;
  /** Which part of this service called Toss. */
  @ApiProperty({ enum: TOSS_CALLERS, enumName: 'TossCaller' })
  caller: TossCaller;
  idempotencyKey?: string;
  /** Toss's HTTP status; absent when no answer arrived. */
  @ApiPropertyOptional({ type: 'integer' })
  httpStatus?: number;
  /** Toss's code, or TIMEOUT / CONNECTION_FAILED / BAD_RESPONSE. */
  code?: string;
  /** ok: Toss answered; refused: Toss said no; unknown: whether it happened is not known. */
  @ApiProperty({ enum: TOSS_CALL_OUTCOMES, enumName: 'TossCallOutcome' })
  outcome: TossCallOutcome;
  @ApiProperty({ type: 'integer' })
  durationMs: number;
  createdAt: Date;
}

export class PaymentResponseDto {
  paymentKey: string;
  orderId: string;
  @ApiProperty(PAYMENT_STATUS)
  status: TossPaymentStatus;
  @ApiProperty(PAYMENT_METHOD)
  method: PaymentMethodOrNull;
  /** @example 15000 */
  @ApiProperty({ type: 'integer' })
  totalAmount: number;
  /** What is left to refund. @example 15000 */
  @ApiProperty({ type: 'integer' })
  balanceAmount: number;
  /**
   * The tax-free (면세) part of balanceAmount as Toss records it: the order's taxFreeAmount less the
   * tax-free parts refunded. @example 3000
   */
  @ApiProperty({ type: 'integer' })
  taxFreeAmount: number;
  /** Toss's VAT of the taxable part of balanceAmount (round(taxable / 11)). @example 1091 */
  @ApiPropertyOptional({ type: 'integer' })
  vat?: number;
  /** Toss's supplied value: balanceAmount − taxFreeAmount − vat. @example 10909 */
  @ApiPropertyOptional({ type: 'integer' })
  suppliedAmount?: number;
  approvedAt?: string;
  requestedAt?: string;
  receiptUrl?: string;
  card?: CardDto;
  virtualAccount?: VirtualAccountDto;
  transfer?: TransferDto;
  mobilePhone?: MobilePhoneDto;
  easyPay?: EasyPayDto;
  cancels: CancelDto[];
  /** Admins only: every call made to Toss for this payment. */
  attempts?: TossCallDto[];
}
