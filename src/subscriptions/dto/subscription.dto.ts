import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsUUID } from 'class-validator';
import { INTERVAL_UNITS, IntervalUnit } from '../billing-period';
import { CHARGE_STATUSES, ChargeStatus } from '../subscription-charge.entity';
import { SUBSCRIPTION_STATUSES, SubscriptionStatus } from '../subscription-state';

export class SubscribeDto {
  /** An active plan (GET /plans). */
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  planId: string;

  /** One of your registered cards (GET /billing/cards). */
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  cardId: string;
}

export class CancelSubscriptionDto {
  /** true: it runs until what was paid (or the trial) ends, then ends; false: it ends now. */
  @IsBoolean()
  atPeriodEnd: boolean;
}

export class ChangeCardDto {
  /** One of your registered cards. */
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  cardId: string;
}

export class SubscriptionChargeDto {
  @ApiProperty({ type: 'integer', example: 1 })
  period: number;
  @ApiProperty({ type: 'integer', example: 1 })
  attempt: number;
  /** Toss's orderId of the charge; once approved, also an order of yours (GET /orders/{orderId}). */
  @ApiProperty({ example: 'sub_5b0e6f7c3a514c1e9a430f9c2a8d1e11_p1_a1' })
  orderId: string;
  @ApiProperty({ type: 'integer', example: 9900 })
  amount: number;
  @ApiProperty({ enum: CHARGE_STATUSES, enumName: 'SubscriptionChargeStatus', example: 'DONE' })
  status: ChargeStatus;
  /** Toss's payment, once approved: refund it with POST /payments/{paymentKey}/cancel. */
  @ApiProperty({ type: String, nullable: true })
  paymentKey: string | null;
  @ApiProperty({ type: String, nullable: true, example: null })
  failureCode: string | null;
  @ApiProperty({ type: String, nullable: true, example: null })
  failureMessage: string | null;
  @ApiProperty({ type: Date, nullable: true })
  approvedAt: Date | null;
  createdAt: Date;
}

export class SubscriptionResponseDto {
  id: string;
  @ApiProperty({ format: 'uuid' })
  planId: string;
  /** The plan's name, amount and interval when you subscribed; later plan changes do not apply. */
  @ApiProperty({ example: '베이직 월간' })
  planName: string;
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
  @ApiProperty({ enum: SUBSCRIPTION_STATUSES, enumName: 'SubscriptionStatus', example: 'ACTIVE' })
  status: SubscriptionStatus;
  /** The card charged. */
  @ApiProperty({ format: 'uuid' })
  cardId: string;
  /** The period the next charge pays for (1 until the first charge succeeds). */
  @ApiProperty({ type: 'integer', example: 1 })
  period: number;
  /** The end of what was paid for (or of the trial). */
  paidUntil: Date;
  /** When the next charge (or, set to cancel, the end) is due; null: nothing planned. */
  @ApiProperty({ type: Date, nullable: true })
  nextChargeAt: Date | null;
  cancelAtPeriodEnd: boolean;
  /** The card was declined for good or deleted: give a new one (PUT /subscriptions/{id}/card). */
  needsNewCard: boolean;
  @ApiProperty({ type: String, nullable: true, example: null })
  lastFailureCode: string | null;
  @ApiProperty({ type: Date, nullable: true })
  canceledAt: Date | null;
  @ApiProperty({ type: Date, nullable: true })
  endedAt: Date | null;
  createdAt: Date;
  /** Every charge, oldest first (GET /subscriptions/{id} only). */
  @ApiPropertyOptional({ type: [SubscriptionChargeDto] })
  charges?: SubscriptionChargeDto[];
}

export class SubscriptionListDto {
  items: SubscriptionResponseDto[];
}
