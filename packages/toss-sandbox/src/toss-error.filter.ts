import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { TossApiError, tossError } from './toss-errors';

/**
 * The sandbox speaks Toss's error shape `{code, message}`, not the service's own; scoped to the
 * sandbox controllers so that the global filter never formats their errors.
 */
@Catch()
export class TossErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('TossSandbox');

  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    let error: TossApiError;
    if (exception instanceof TossApiError) {
      error = exception;
    } else if (exception instanceof HttpException && exception.getStatus() < 500) {
      // Body parsing, size and media-type errors from Fastify.
      error = exception.getStatus() === 404 ? tossError('NOT_FOUND') : tossError('INVALID_REQUEST');
    } else {
      this.logger.error(
        `sandbox request failed: ${exception instanceof Error ? exception.message : String(exception)}`,
      );
      error = tossError('FAILED_INTERNAL_SYSTEM_PROCESSING');
    }
    if (reply.sent) return;
    void reply
      .status(error.status)
      .header('content-type', 'application/json; charset=utf-8')
      .send(error.body);
  }
}
