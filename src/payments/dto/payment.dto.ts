import { ApiProperty } from '@nestjs/swagger';
import { IsInt, IsString, Length, Matches, Max, Min } from 'class-validator';
import { ORDER_ID_MESSAGE, ORDER_ID_PATTERN } from '../../common/ids';

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
  @IsInt()
  @Min(0)
  @Max(1_000_000_000_000)
  amount: number;
}

export class CardDto {
  issuerCode?: string;
  /** Masked card number. @example '43301234****123*' */
  number?: string;
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
  amount?: number;
}

export class CancelDto {
  cancelAmount: number;
  cancelReason: string;
  canceledAt: string;
  transactionKey: string;
}

export class TossCallDto {
  /** confirm, get, getByOrderId or cancel. */
  operation: string;
  /** Who called: confirm, reconciler, refund or webhook. */
  caller: string;
  idempotencyKey?: string;
  httpStatus?: number;
  /** Toss's code, or TIMEOUT / CONNECTION_FAILED / BAD_RESPONSE. */
  code?: string;
  /** ok, refused or unknown. */
  outcome: string;
  durationMs: number;
  createdAt: Date;
}

export class PaymentResponseDto {
  paymentKey: string;
  orderId: string;
  /** Toss's status as Toss sends it. @example 'DONE' */
  status: string;
  /** Toss's method as Toss sends it. @example '카드' */
  @ApiProperty({ type: String, nullable: true, example: '카드' })
  method: string | null;
  /** @example 15000 */
  totalAmount: number;
  /** What is left to refund. @example 15000 */
  balanceAmount: number;
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
