import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsString, Matches } from 'class-validator';
import {
  CASH_RECEIPT_ISSUE_STATUSES,
  CASH_RECEIPT_TYPES,
  CashReceiptIssueStatus,
  CashReceiptType,
} from '../../toss/cash-receipt.types';
import { CASH_RECEIPT_STATUSES, CashReceiptStatus } from '../cash-receipt.entity';

/** A phone, 현금영수증 card or business registration number: digits only. */
const IDENTITY_NUMBER = /^[0-9]{10,19}$/;

export class RequestCashReceiptDto {
  @ApiProperty({
    enum: CASH_RECEIPT_TYPES,
    description:
      '소득공제 (for a person: a phone or 현금영수증 card number) or 지출증빙 (for a business: its registration number).',
    example: '소득공제',
  })
  @IsIn(CASH_RECEIPT_TYPES, { message: 'type must be 소득공제 or 지출증빙' })
  type: CashReceiptType;

  @ApiProperty({
    description:
      'The phone, 현금영수증 card or business registration number, digits only. Stored encrypted, never answered or logged: answers show it masked.',
    pattern: IDENTITY_NUMBER.source,
    minLength: 10,
    maxLength: 19,
    example: '01012345678',
  })
  // Fixed messages: a validation error never repeats the number.
  @IsString({ message: 'identityNumber must be a string of 10 to 19 digits' })
  @Matches(IDENTITY_NUMBER, { message: 'identityNumber must be 10 to 19 digits' })
  identityNumber: string;
}

export class CashReceiptFailureDto {
  @ApiProperty({ example: 'INVALID_CASH_RECEIPT_INFO' })
  code: string;

  @ApiProperty({ example: '현금영수증 발급 정보가 올바르지 않습니다.' })
  message: string;
}

/** A cash receipt of a payment: the one requested through this API, or the payment window's. */
export class CashReceiptResponseDto {
  @ApiProperty({
    type: 'string',
    format: 'uuid',
    nullable: true,
    description: 'Our id of a requested receipt; null for one the payment window issued.',
    example: '5b0f3c8e-2a3b-4c1d-9e8f-7a6b5c4d3e2f',
  })
  id: string | null;

  @ApiProperty({
    enum: ['PAYMENT_WINDOW', 'REQUESTED'],
    description:
      'PAYMENT_WINDOW: issued by Toss with the payment (the window’s cash receipt option); REQUESTED: asked for afterwards through this API.',
    example: 'REQUESTED',
  })
  source: 'PAYMENT_WINDOW' | 'REQUESTED';

  @ApiProperty({ enum: CASH_RECEIPT_TYPES, example: '소득공제' })
  type: CashReceiptType;

  @ApiProperty({
    type: 'string',
    nullable: true,
    description: 'The identity number masked: every digit but the last four is *.',
    example: '*******5678',
  })
  identityNumber: string | null;

  @ApiProperty({
    type: 'integer',
    description: 'KRW: the payment’s balance when it was asked for.',
    example: 15000,
  })
  amount: number;

  @ApiProperty({ type: 'integer', description: 'KRW: its tax-free part.', example: 0 })
  taxFreeAmount: number;

  @ApiProperty({
    type: 'integer',
    description: 'KRW canceled with the payment’s refunds.',
    example: 0,
  })
  canceledAmount: number;

  @ApiProperty({
    enum: CASH_RECEIPT_STATUSES,
    description:
      'REQUESTED: Toss’s answer is not known yet (being checked); ISSUED; FAILED (see failure; another may be requested); CANCELED: refunded in full.',
    example: 'ISSUED',
  })
  status: CashReceiptStatus;

  @ApiProperty({
    enum: CASH_RECEIPT_ISSUE_STATUSES,
    nullable: true,
    description:
      'Toss’s issueStatus: the National Tax Service’s outcome, known a day or two later.',
    example: 'IN_PROGRESS',
  })
  issueStatus: CashReceiptIssueStatus | null;

  @ApiProperty({
    type: 'string',
    nullable: true,
    description: 'Toss’s issue number.',
    example: '123456789',
  })
  issueNumber: string | null;

  @ApiProperty({
    type: 'string',
    nullable: true,
    description: 'Toss’s page for the receipt.',
    example: 'https://dashboard.tosspayments.com/receipt/cash-receipt?receiptKey=abc',
  })
  receiptUrl: string | null;

  @ApiPropertyOptional({
    type: CashReceiptFailureDto,
    description: 'Why it failed (status FAILED).',
  })
  failure?: CashReceiptFailureDto;

  @ApiProperty({ type: 'string', format: 'date-time', example: '2026-03-17T01:02:03.000Z' })
  requestedAt: string;
}
