import { Body, Controller, Headers, HttpCode, Post } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '../auth/auth-user';
import { WebhooksService } from './webhooks.service';

@ApiTags('webhooks')
@Controller('webhooks')
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  @Public()
  @Post('toss')
  // Toss wants exactly 200 (not Nest's default 201) within 10 s, or it retries (docs/toss.md §7).
  @HttpCode(200)
  @ApiOperation({
    operationId: 'receiveTossWebhook',
    summary: 'Toss webhooks: PAYMENT_STATUS_CHANGED, DEPOSIT_CALLBACK, CANCEL_STATUS_CHANGED',
    description:
      'Stored, answered 200 at once, then processed: a deposit callback’s secret is checked against the stored one and every event is applied from the payment as read back from Toss. Redelivery is harmless. ' +
      'A body that cannot be stored as it came (not a JSON object, nested deeper than 32 levels, or holding NUL or ill-formed Unicode in any string or key) is answered 400 VALIDATION_ERROR and stored nowhere.',
  })
  @ApiBody({ schema: { type: 'object', additionalProperties: true } })
  @ApiOkResponse({
    description: 'Stored; it is processed after the answer.',
    schema: {
      type: 'object',
      required: ['received'],
      properties: { received: { type: 'boolean', enum: [true] } },
    },
  })
  async toss(
    @Body() body: unknown,
    @Headers() headers: Record<string, string | string[] | undefined>,
  ): Promise<{ received: true }> {
    await this.webhooks.receive(body, headers);
    return { received: true };
  }
}
