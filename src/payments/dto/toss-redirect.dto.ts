import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { ORDER_ID_MESSAGE, ORDER_ID_PATTERN, PAYMENT_KEY_PATTERN } from '../../common/ids';
import { IgnoresUnknownFields } from '../../common/validation';
import { TOSS_PAYMENT_TYPES } from '../../toss/toss.types';
import type { TossPaymentType } from '../../toss/toss.types';

/** Only a run of digits is an amount on a query string ("0x10", "1e3" and " 5" are not). */
const digitsToNumber = ({ value }: { value: unknown }) =>
  typeof value === 'string' && /^\d{1,15}$/.test(value) ? Number(value) : value;

/** What Toss's window appends to the successUrl; the merchant's own parameters on it are ignored. */
@IgnoresUnknownFields()
export class TossSuccessQueryDto {
  /**
   * The payment Toss's window authenticated.
   * @example 'tgen_20261126123456abcDE'
   */
  @ApiProperty({ pattern: PAYMENT_KEY_PATTERN.source })
  @IsString()
  @Matches(PAYMENT_KEY_PATTERN, {
    message: 'paymentKey must be 1 to 200 characters of A-Z a-z 0-9 . _ ~ -',
  })
  paymentKey: string;

  /**
   * The pending order (from POST /orders).
   * @example 'a6b1f0de-3c55-4d0e-8f54-2a3f4c5d6e7f'
   */
  @ApiProperty({ pattern: ORDER_ID_PATTERN.source })
  @IsString()
  @Matches(ORDER_ID_PATTERN, { message: ORDER_ID_MESSAGE })
  orderId: string;

  /**
   * Whole KRW, digits only; only compared with the order's amount.
   * @example 15000
   */
  @ApiProperty({ type: 'integer' })
  @Transform(digitsToNumber)
  @IsInt()
  @Min(0)
  @Max(1_000_000_000_000)
  amount: number;

  @ApiProperty({
    required: false,
    enum: TOSS_PAYMENT_TYPES,
    enumName: 'TossPaymentType',
  })
  @IsOptional()
  @IsIn(TOSS_PAYMENT_TYPES)
  paymentType?: TossPaymentType;
}

/** What Toss's window appends to the failUrl. */
@IgnoresUnknownFields()
export class TossFailQueryDto {
  /**
   * Toss's error code.
   * @example 'REJECT_CARD_PAYMENT'
   */
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9_.-]{1,64}$/, {
    message: 'code must be 1 to 64 characters of A-Z a-z 0-9 _ . -',
  })
  code?: string;

  /**
   * Toss's message for the customer.
   * @example '한도초과 혹은 잔액부족으로 결제에 실패했습니다.'
   */
  @IsOptional()
  @IsString()
  @MaxLength(510)
  message?: string;

  /** Absent when the customer closed the window (PAY_PROCESS_CANCELED). */
  @ApiProperty({ required: false, pattern: ORDER_ID_PATTERN.source })
  @IsOptional()
  @IsString()
  @Matches(ORDER_ID_PATTERN, { message: ORDER_ID_MESSAGE })
  orderId?: string;
}
