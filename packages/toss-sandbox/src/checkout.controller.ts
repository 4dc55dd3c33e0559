import { Controller, Get, Param, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { tossErrorFor } from './toss-errors';
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

/** Failures that only the window reports (there is no API error of that name). */
const WINDOW_ONLY: Record<string, string> = {
  PAY_PROCESS_ABORTED: '결제 진행 중 승인에 실패하여 결제가 중단되었습니다.',
};

/** Toss's failUrl code when the customer closes the window; it carries no orderId. */
export const CLOSED = {
  code: 'PAY_PROCESS_CANCELED',
  message: '사용자에 의해 결제가 취소되었습니다.',
};

export interface CheckoutData {
  declines: { code: string; message: string }[];
  closed: typeof CLOSED;
}

export function checkoutData(): CheckoutData {
  return {
    declines: [
      ...DECLINE_CODES.map((code) => ({ code, message: tossErrorFor(code).message })),
      ...Object.entries(WINDOW_ONLY).map(([code, message]) => ({ code, message })),
    ],
    closed: CLOSED,
  };
}

/**
 * The sandbox's stand-in for Toss's payment window and its browser SDK (v2 `TossPayments`), so a
 * frontend written against the sandbox runs unchanged against Toss. Mounted only with the sandbox.
 */
@ApiExcludeController()
@Controller('sandbox')
export class SandboxCheckoutController {
  /** The window: reads requestPayment's inputs from the query string (see public/checkout.js). */
  @Get('checkout')
  checkout(@Res() reply: FastifyReply): Promise<void> {
    const data = `<script type="application/json" id="sandbox-data">${jsonForHtml(checkoutData())}</script>`;
    return sendPublicFile(reply, 'checkout.html', {
      transform: (html) => html.replace('<!--SANDBOX_DATA-->', data),
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
