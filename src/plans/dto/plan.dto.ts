import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsString,
  Length,
  Max,
  Min,
  ValidateIf,
  registerDecorator,
  ValidationArguments,
} from 'class-validator';
import {
  INTERVAL_UNITS,
  IntervalUnit,
  intervalProblem,
  MAX_TRIAL_DAYS,
  trialDaysProblem,
} from '../../subscriptions/billing-period';
import { DEFAULT_TAX_CLASS, TAX_CLASSES } from '../../products/tax-class';
import type { TaxClass } from '../../products/tax-class';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

/**
 * The count checked against its unit by billing-period.ts's intervalProblem, the one statement of
 * what a plan's interval may be. On an update, a unit or count left out is the plan's (checked again
 * by the service with both).
 */
function FitsIntervalUnit(): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'fitsIntervalUnit',
      target: target.constructor,
      propertyName: propertyName as string,
      validator: {
        validate(count: unknown, args: ValidationArguments) {
          const unit = (args.object as { intervalUnit?: unknown }).intervalUnit;
          if (typeof unit !== 'string' || !INTERVAL_UNITS.includes(unit as IntervalUnit))
            return true;
          return (
            intervalProblem({ unit: unit as IntervalUnit, count: count as number }) === undefined
          );
        },
        defaultMessage(args: ValidationArguments) {
          const unit = (args.object as { intervalUnit: IntervalUnit }).intervalUnit;
          return intervalProblem({ unit, count: args.value as number }) ?? '';
        },
      },
    });
}

function ValidTrialDays(): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'validTrialDays',
      target: target.constructor,
      propertyName: propertyName as string,
      validator: {
        validate: (value: unknown) => trialDaysProblem(value as number) === undefined,
        defaultMessage: (args: ValidationArguments) => trialDaysProblem(args.value as number) ?? '',
      },
    });
}

export class CreatePlanDto {
  /**
   * Plan name, 1 to 100 characters; sent to Toss as each charge's orderName.
   * @example '베이직 월간'
   */
  @Transform(trim)
  @IsString()
  @Length(1, 100)
  name: string;

  /**
   * Whole KRW charged each period.
   * @example 9900
   */
  @ApiProperty({ type: 'integer' })
  @IsInt()
  @Min(100)
  @Max(100_000_000)
  amount: number;

  @ApiProperty({ enum: INTERVAL_UNITS, enumName: 'IntervalUnit', example: 'MONTH' })
  @IsIn(INTERVAL_UNITS)
  intervalUnit: IntervalUnit;

  /** Periods renew every this many units: 1 to 12 months, 52 weeks or 365 days. */
  @ApiProperty({ type: 'integer', minimum: 1, maximum: 365, example: 1 })
  @IsInt()
  @FitsIntervalUnit()
  intervalCount: number;

  /** Days before the first charge, 0 to 365; left out: 0 (charged at once). */
  @ApiPropertyOptional({ type: 'integer', minimum: 0, maximum: MAX_TRIAL_DAYS, example: 0 })
  @ValidateIf((_, value) => value !== undefined)
  @IsInt()
  @ValidTrialDays()
  trialDays?: number;

  /** TAXABLE or TAX_FREE (면세: each charge is wholly tax-free); left out: TAXABLE. */
  @ApiPropertyOptional({ enum: TAX_CLASSES, enumName: 'TaxClass', default: DEFAULT_TAX_CLASS })
  @ValidateIf((_, value) => value !== undefined)
  @IsIn(TAX_CLASSES)
  taxClass?: TaxClass;
}

/** Fields left out stay as they are. Running subscriptions keep what they subscribed to. */
export class UpdatePlanDto {
  @ApiPropertyOptional({ example: '베이직 월간' })
  @ValidateIf((_, value) => value !== undefined)
  @Transform(trim)
  @IsString()
  @Length(1, 100)
  name?: string;

  @ApiPropertyOptional({ type: 'integer', example: 9900 })
  @ValidateIf((_, value) => value !== undefined)
  @IsInt()
  @Min(100)
  @Max(100_000_000)
  amount?: number;

  @ApiPropertyOptional({ enum: INTERVAL_UNITS, enumName: 'IntervalUnit', example: 'MONTH' })
  @ValidateIf((_, value) => value !== undefined)
  @IsIn(INTERVAL_UNITS)
  intervalUnit?: IntervalUnit;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 365 })
  @ValidateIf((_, value) => value !== undefined)
  @IsInt()
  @FitsIntervalUnit()
  intervalCount?: number;

  @ApiPropertyOptional({ type: 'integer', minimum: 0, maximum: MAX_TRIAL_DAYS })
  @ValidateIf((_, value) => value !== undefined)
  @IsInt()
  @ValidTrialDays()
  trialDays?: number;

  /** Inactive plans are not listed and cannot be subscribed to; running subscriptions go on. */
  @ApiPropertyOptional()
  @ValidateIf((_, value) => value !== undefined)
  @IsBoolean()
  active?: boolean;
}

export class PlanResponseDto {
  /** @example '5b0e6f7c-3a51-4c1e-9a43-0f9c2a8d1e11' */
  id: string;
  /** @example '베이직 월간' */
  name: string;
  @ApiProperty({ type: 'integer', example: 9900 })
  amount: number;
  @ApiProperty({ enum: ['KRW'], example: 'KRW' })
  currency: 'KRW';
  @ApiProperty({ enum: INTERVAL_UNITS, enumName: 'IntervalUnit', example: 'MONTH' })
  intervalUnit: IntervalUnit;
  @ApiProperty({ type: 'integer', example: 1 })
  intervalCount: number;
  @ApiProperty({ type: 'integer', example: 0 })
  trialDays: number;
  /** TAX_FREE: each charge of the plan is wholly tax-free (면세). */
  @ApiProperty({ enum: TAX_CLASSES, enumName: 'TaxClass', example: DEFAULT_TAX_CLASS })
  taxClass: TaxClass;
  active: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export class PlanPageDto {
  items: PlanResponseDto[];
  @ApiProperty({ type: 'integer', example: 1 })
  page: number;
  @ApiProperty({ type: 'integer', example: 20 })
  limit: number;
  @ApiProperty({ type: 'integer', example: 1 })
  total: number;
}
