import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches } from 'class-validator';
import type { CardRow } from '../billing-keys.repository';

/** Toss's customerKey characters (https://docs.tosspayments.com/reference#billing-객체), 2 to 300. */
const CUSTOMER_KEY = /^[A-Za-z0-9_=.@-]{2,300}$/;
/** The authKey Toss puts on the successUrl: at most 300 visible ASCII characters. */
const AUTH_KEY = /^[\x21-\x7e]{1,300}$/;

export class CustomerKeyDto {
  @ApiProperty({
    description:
      "Your customerKey for Toss's billing-auth window: `payment({customerKey}).requestBillingAuth({method: 'CARD', successUrl, failUrl})`. Random and stable; keep it private.",
    example: '5f1d3b9c-7d51-4d1a-9a8e-2c4b1f0e6a77',
  })
  customerKey: string;
}

export class RegisterCardDto {
  @ApiProperty({
    description: "The successUrl's authKey (one-time).",
    pattern: AUTH_KEY.source,
    minLength: 1,
    maxLength: 300,
    example: 'bln_a1b2c3d4e5',
  })
  @IsString()
  @Matches(AUTH_KEY, { message: 'authKey must be 1 to 300 visible ASCII characters' })
  authKey: string;

  @ApiProperty({
    description:
      "The successUrl's customerKey: must be yours (GET /billing/customer-key), else 403 CUSTOMER_KEY_MISMATCH.",
    pattern: CUSTOMER_KEY.source,
    minLength: 2,
    maxLength: 300,
    example: '5f1d3b9c-7d51-4d1a-9a8e-2c4b1f0e6a77',
  })
  @IsString()
  @Matches(CUSTOMER_KEY, {
    message: 'customerKey must be 2 to 300 characters of A-Z a-z 0-9 - _ = . @',
  })
  customerKey: string;
}

/** A registered card as its customer sees it; the billing key is never part of an answer. */
export class CardDto {
  @ApiProperty({ format: 'uuid', example: '0b8f7c1e-2d3a-4c5b-8e9f-1a2b3c4d5e6f' })
  id: string;

  @ApiProperty({
    type: 'string',
    nullable: true,
    description: "Toss's card issuer code (카드사 코드).",
    example: '4V',
  })
  issuerCode: string | null;

  @ApiProperty({
    type: 'string',
    nullable: true,
    description: "Toss's card acquirer code (매입사 코드).",
    example: '21',
  })
  acquirerCode: string | null;

  @ApiProperty({
    type: 'string',
    nullable: true,
    description: 'The card number as Toss masks it.',
    example: '43301234****123*',
  })
  maskedNumber: string | null;

  @ApiProperty({
    type: 'string',
    nullable: true,
    description: '신용, 체크 or 기프트, as Toss names it.',
    example: '신용',
  })
  cardType: string | null;

  @ApiProperty({
    type: 'string',
    nullable: true,
    description: '개인 or 법인, as Toss names it.',
    example: '개인',
  })
  ownerType: string | null;

  @ApiProperty({ format: 'date-time', example: '2026-12-07T00:00:00.000Z' })
  createdAt: string;
}

export class CardListDto {
  @ApiProperty({ type: [CardDto], description: 'Your cards, newest first.' })
  items: CardDto[];
}

/** The card view: what the customer may see, built field by field (never the stored row). */
export function toCardDto(card: CardRow): CardDto {
  return {
    id: card.id,
    issuerCode: card.issuerCode,
    acquirerCode: card.acquirerCode,
    maskedNumber: card.maskedNumber,
    cardType: card.cardType,
    ownerType: card.ownerType,
    createdAt: card.createdAt.toISOString(),
  };
}
