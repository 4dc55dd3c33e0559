import { Controller, Get, Param, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { DEFAULT_CARD_NUMBER } from './billing-rules';
import { tossError, tossErrorFor } from './toss-errors';
import { isAssetName, jsonForHtml, sendNotFound, sendPublicFile } from './public-files';

/** Declines the customer can pick in the window; Toss reports them on failUrl (docs/toss.md §6.1). */
const DECLINE_CODES = [
  'REJECT_CARD_PAYMENT',
  'INVALID_CARD_EXPIRATION',
  'INVALID_CARD_NUMBER',
  'INVALID_STOPPED_CARD',
  'INVALID_CARD_LOST_OR_STOLEN',
  'EXCEED_MAX_DAILY_PAYMENT_COUNT',
  'REJECT_CARD_COMPANY',
  'REJECT_ACCOUNT_PAYMENT',
  'INVALID_PASSWORD',
  'FDS_ERROR',
];

/**
 * Refusals the customer can pick in the billing-auth window: card problems Toss reports on failUrl
 * (https://docs.tosspayments.com/guides/v2/billing/integration), PAY_PROCESS_ABORTED among them.
 */
const BILLING_DECLINE_CODES = [
  'REJECT_CARD_COMPANY',
  'INVALID_CARD_EXPIRATION',
  'INVALID_STOPPED_CARD',
  'INVALID_REJECT_CARD',
  'INVALID_CARD_LOST_OR_STOLEN',
  'NOT_SUPPORTED_CARD_TYPE',
  'EXCEED_MAX_AUTH_COUNT',
];

/** Failures that only the window reports (there is no API error of that name). */
const WINDOW_ONLY: Record<string, string> = {
  PAY_PROCESS_ABORTED: '결제 진행 중 승인에 실패하여 결제가 중단되었습니다.',
};

/** Toss's failUrl code when the customer closes the window; it carries no orderId. */
export const CLOSED = {
  code: 'PAY_PROCESS_CANCELED',
  message: '사용자에 의해 결제가 취소되었습니다.',
};

type Failure = { code: string; message: string };

export interface CheckoutData {
  declines: Failure[];
  closed: Failure;
}

export interface BillingWindowData extends CheckoutData {
  defaultCardNumber: string;
  /** What registering with method TRANSFER (not emulated) reports on failUrl. */
  notEmulated: Failure;
}

function declines(codes: string[]): Failure[] {
  return [
    ...codes.map((code) => ({ code, message: tossErrorFor(code).message })),
    ...Object.entries(WINDOW_ONLY).map(([code, message]) => ({ code, message })),
  ];
}

export function checkoutData(): CheckoutData {
  return { declines: declines(DECLINE_CODES), closed: CLOSED };
}

export function billingWindowData(): BillingWindowData {
  return {
    declines: declines(BILLING_DECLINE_CODES),
    closed: CLOSED,
    defaultCardNumber: DEFAULT_CARD_NUMBER,
    notEmulated: tossError(
      'NOT_SUPPORTED_METHOD',
      '지원되지 않는 결제수단입니다. (샌드박스는 카드 자동결제만 지원합니다)',
    ).body,
  };
}

function withData(data: unknown): (html: string) => string {
  const block = `<script type="application/json" id="sandbox-data">${jsonForHtml(data)}</script>`;
  return (html) => html.replace('<!--SANDBOX_DATA-->', block);
}

/**
 * The sandbox's stand-in for Toss's payment window, its billing-auth window and its browser SDK (v2
 * `TossPayments`), so a frontend written against the sandbox runs unchanged against Toss. Mounted
 * only with the sandbox.
 */
@ApiExcludeController()
@Controller('sandbox')
export class SandboxCheckoutController {
  /** The window: reads requestPayment's inputs from the query string (see public/checkout.js). */
  @Get('checkout')
  checkout(@Res() reply: FastifyReply): Promise<void> {
    return sendPublicFile(reply, 'checkout.html', {
      transform: withData(checkoutData()),
      frame: true,
    });
  }

  /** The billing-auth window of requestBillingAuth (see public/billing.js). */
  @Get('checkout/billing')
  billing(@Res() reply: FastifyReply): Promise<void> {
    return sendPublicFile(reply, 'billing.html', {
      transform: withData(billingWindowData()),
      frame: true,
    });
  }

  @Get('checkout/assets/:file')
  asset(@Param('file') file: string, @Res() reply: FastifyReply): Promise<void> {
    return isAssetName(file) ? sendPublicFile(reply, file) : sendNotFound(reply);
  }

  @Get('sdk.js')
  sdk(@Res() reply: FastifyReply): Promise<void> {
    return sendPublicFile(reply, 'sdk.js');
  }
}
