import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsInt,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';

export class RefundReceiveAccountDto {
  /**
   * Bank code of the account to refund to.
   * @example '88'
   */
  @IsString()
  @Matches(/^[0-9A-Z]{2,3}$/, { message: 'bank must be a bank code such as 88' })
  bank: string;

  /**
   * Digits only, up to 20.
   * @example '11012345678'
   */
  @IsString()
  @Matches(/^\d{1,20}$/, { message: 'accountNumber must be 1 to 20 digits' })
  accountNumber: string;

  /**
   * Account holder, up to 60 characters.
   * @example '홍길동'
   */
  @IsString()
  @Length(1, 60)
  holderName: string;
}

export class CancelPaymentDto {
  /**
   * Why, 1 to 200 characters; Toss shows it on the receipt.
   * @example '고객 변심'
   */
  @IsString()
  @Length(1, 200)
  cancelReason: string;

  /**
   * A partial refund of this many KRW; omit to refund the whole remaining balance.
   * @example 5000
   */
  @ApiPropertyOptional({ type: 'integer' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1_000_000_000_000)
  cancelAmount?: number;

  /** Required to refund a virtual account that was paid (deposited); refused otherwise. */
  @IsOptional()
  @ValidateNested()
  @Type(() => RefundReceiveAccountDto)
  refundReceiveAccount?: RefundReceiveAccountDto;
}
