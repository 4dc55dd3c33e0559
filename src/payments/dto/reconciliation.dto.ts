import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

export class ReconciliationQueryDto {
  /** Compare orders changed within this many days (1 to 90). */
  @ApiPropertyOptional({ type: 'integer' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(90)
  days?: number = 7;
}

export class DiscrepancyDto {
  orderId: string;
  /** UNSETTLED, REFUND_UNSETTLED, REFUND_NOT_AT_TOSS, STATUS_DIFFERS, AMOUNT_DIFFERS, BALANCE_DIFFERS, TAX_FREE_DIFFERS (Toss approved another tax-free part), TAX_FREE_BALANCE_DIFFERS, REFUND_TAX_FREE_DIFFERS (a refund's tax-free part is not Toss's cancel's), PAID_BUT_NOT_AT_TOSS, APPROVED_AT_TOSS_NOT_PAID, TOSS_UNREACHABLE, TOSS_ORDER_MISMATCH. */
  problems: string[];
  @ApiProperty({ type: 'object', additionalProperties: true })
  ours: Record<string, unknown>;
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true })
  toss: Record<string, unknown> | null;
}

export class ReconciliationReportDto {
  /** How many orders were compared with Toss: every order changed within the window. */
  @ApiProperty({ type: 'integer' })
  checked: number;
  /** The window, in days. */
  @ApiProperty({ type: 'integer' })
  days: number;
  /** Empty when our books match Toss. */
  discrepancies: DiscrepancyDto[];
}
