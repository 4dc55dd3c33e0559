import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  Min,
  registerDecorator,
  ValidateNested,
  ValidationArguments,
} from 'class-validator';

/** A field given in the body (a JSON null counts as left out, as @IsOptional reads it). */
const given = (value: unknown) => value !== undefined && value !== null;

/** Refused when any of `others` is given too: a refund is asked for by lines or by amount. */
function NotWith(...others: string[]): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'notWith',
      target: target.constructor,
      propertyName: propertyName as string,
      validator: {
        validate: (_: unknown, args: ValidationArguments) =>
          !others.some((other) => given((args.object as Record<string, unknown>)[other])),
        defaultMessage: (args: ValidationArguments) =>
          `${args.property} cannot be given with ${others.join(' or ')}`,
      },
    });
}

/** taxFreeAmount is a part of cancelAmount: it needs one, and is at most it. */
function PartOfCancelAmount(): PropertyDecorator {
  const cancelAmountOf = (args: ValidationArguments) =>
    (args.object as { cancelAmount?: unknown }).cancelAmount;
  return (target, propertyName) =>
    registerDecorator({
      name: 'partOfCancelAmount',
      target: target.constructor,
      propertyName: propertyName as string,
      validator: {
        validate(value: unknown, args: ValidationArguments) {
          const cancelAmount = cancelAmountOf(args);
          if (!given(cancelAmount)) return false;
          return (
            typeof cancelAmount !== 'number' || typeof value !== 'number' || value <= cancelAmount
          );
        },
        defaultMessage: (args: ValidationArguments) =>
          given(cancelAmountOf(args))
            ? `${args.property} must not be more than cancelAmount`
            : `${args.property} is only given with cancelAmount`,
      },
    });
}

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

/** A line's position, for "each position once"; a malformed line is its own (its fields fail). */
function positionOf(line: unknown): unknown {
  return typeof line === 'object' && line !== null && 'position' in line
    ? line.position
    : Symbol('malformed line');
}

export class RefundLineDto {
  /** The order line's position, from 0, as the order lists it (items[].position). */
  @ApiProperty({ type: 'integer', minimum: 0, maximum: 9999, example: 1 })
  @IsInt()
  @Min(0)
  @Max(9999)
  position: number;

  /** How many of the line to refund, at most what is left of it. */
  @ApiProperty({ type: 'integer', minimum: 1, maximum: 9999, example: 1 })
  @IsInt()
  @Min(1)
  @Max(9999)
  quantity: number;
}

/**
 * A refund is asked for one of three ways: by `lines` (the server prices them from the order: the
 * amount is Σ unitPrice × quantity and the tax-free part is that of the TAX_FREE lines); by
 * `cancelAmount`, with `taxFreeAmount` its tax-free part (0 when left out); or by neither, which
 * refunds the whole remaining balance with the whole remaining tax-free part.
 */
export class CancelPaymentDto {
  /**
   * Why, 1 to 200 characters; Toss shows it on the receipt.
   * @example '고객 변심'
   */
  @IsString()
  @Length(1, 200)
  cancelReason: string;

  /**
   * A refund of this many KRW; omit to refund the whole remaining balance (or give `lines`).
   * @example 5000
   */
  @ApiPropertyOptional({ type: 'integer' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1_000_000_000_000)
  cancelAmount?: number;

  /**
   * The tax-free (면세) part of cancelAmount, in KRW; only with cancelAmount, at most it. Left out,
   * the whole refund is taxable. Bounded by the payment's tax-free balance, and the rest
   * (cancelAmount − taxFreeAmount) by its taxable balance.
   * @example 3000
   */
  @ApiPropertyOptional({ type: 'integer', minimum: 0 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(1_000_000_000_000)
  @PartOfCancelAmount()
  taxFreeAmount?: number;

  /**
   * The order lines to refund, 1 to 100, each position once; not with cancelAmount or
   * taxFreeAmount. The amount and its tax-free part follow from the lines.
   */
  @ApiPropertyOptional({
    type: [RefundLineDto],
    minItems: 1,
    maxItems: 100,
    example: [
      { position: 0, quantity: 1 },
      { position: 2, quantity: 2 },
    ],
  })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @ArrayUnique(positionOf, { message: 'lines must name each position once' })
  @ValidateNested({ each: true })
  @Type(() => RefundLineDto)
  @NotWith('cancelAmount', 'taxFreeAmount')
  lines?: RefundLineDto[];

  /** Required to refund a virtual account that was paid (deposited); refused otherwise. */
  @IsOptional()
  @ValidateNested()
  @Type(() => RefundReceiveAccountDto)
  refundReceiveAccount?: RefundReceiveAccountDto;
}
