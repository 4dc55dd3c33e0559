import { Controller, Get, Inject, Param, Res } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public } from '../auth/auth-user';
import { tossConfig } from '../config/app.config';
import { isAssetName, sendNotFound, sendPublicFile, sendText } from './public-files';

/** The SDK the demo loads: Toss's own when a client key is configured, else the sandbox's stand-in. */
export const TOSS_SDK_URL = 'https://js.tosspayments.com/v2/standard';
export const SANDBOX_SDK_PATH = '/sandbox/sdk.js';
/** The sandbox accepts any test client key; this one only tells the demo's requests apart. */
export const SANDBOX_CLIENT_KEY = 'test_ck_sandbox_demo';

export interface DemoConfig {
  /** Which payment window the demo opens; null: none available (no client key and no sandbox). */
  sdk: 'toss' | 'sandbox' | null;
  sdkUrl: string | null;
  clientKey: string | null;
}

/** The demo checkout (plain HTML + JS, no build step), served at /demo. */
@ApiExcludeController()
@Public()
@Controller('demo')
export class DemoController {
  constructor(@Inject(tossConfig.KEY) private readonly toss: ConfigType<typeof tossConfig>) {}

  @Get()
  index(@Res() reply: FastifyReply): Promise<void> {
    return sendPublicFile(reply, 'demo/index.html');
  }

  @Get('payments/success')
  success(@Res() reply: FastifyReply): Promise<void> {
    return sendPublicFile(reply, 'demo/success.html');
  }

  @Get('payments/fail')
  fail(@Res() reply: FastifyReply): Promise<void> {
    return sendPublicFile(reply, 'demo/fail.html');
  }

  /** Cards, plans and subscriptions; also the billing-auth window's successUrl and failUrl (?billing=…). */
  @Get('subscription')
  subscription(@Res() reply: FastifyReply): Promise<void> {
    return sendPublicFile(reply, 'demo/subscription.html');
  }

  /** What the page needs to open the payment window; a client key is public by design, the secret key never leaves. */
  @Get('config.json')
  config(@Res() reply: FastifyReply): Promise<void> {
    return sendText(reply, 'application/json; charset=utf-8', JSON.stringify(this.demoConfig()));
  }

  @Get('assets/:file')
  asset(@Param('file') file: string, @Res() reply: FastifyReply): Promise<void> {
    return isAssetName(file) ? sendPublicFile(reply, `demo/${file}`) : sendNotFound(reply);
  }

  private demoConfig(): DemoConfig {
    if (this.toss.clientKey)
      return { sdk: 'toss', sdkUrl: TOSS_SDK_URL, clientKey: this.toss.clientKey };
    if (this.toss.sandboxEnabled)
      return { sdk: 'sandbox', sdkUrl: SANDBOX_SDK_PATH, clientKey: SANDBOX_CLIENT_KEY };
    return { sdk: null, sdkUrl: null, clientKey: null };
  }
}
