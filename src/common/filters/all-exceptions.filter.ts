import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { QueryFailedError } from 'typeorm';
import { DomainError, ERROR_STATUS, ErrorCode, TossRefusalError } from '../errors';
import { conflictForConstraint } from '../errors/unique-violations';
import { isConnectionLoss } from '../../database/connection-errors';

export interface ErrorBody {
  statusCode: number;
  code: string;
  message: string;
  details?: unknown;
}

const CODE_FOR_STATUS: Record<number, ErrorCode> = {
  400: 'VALIDATION_ERROR',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'RATE_LIMITED',
  503: 'SERVICE_UNAVAILABLE',
};

const FASTIFY_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'VALIDATION_ERROR',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'MALFORMED_JSON',
  FST_ERR_CTP_INVALID_JSON_BODY: 'MALFORMED_JSON',
};

const GENERIC_MESSAGE: Partial<Record<ErrorCode, string>> = {
  MALFORMED_JSON: 'The request body is not valid JSON.',
  PAYLOAD_TOO_LARGE: 'The request body is too large.',
  UNSUPPORTED_MEDIA_TYPE: 'Send the request body as application/json.',
  UNAUTHORIZED: 'Sign in first: send Authorization: Bearer <accessToken>.',
  FORBIDDEN: 'You may not do that.',
  NOT_FOUND: 'There is nothing at this address.',
  RATE_LIMITED: 'Too many requests; try again later.',
  SERVICE_UNAVAILABLE: 'The service is briefly unavailable; try again shortly.',
  INTERNAL_ERROR: 'Something went wrong on our side. It has been logged.',
};

/** Retry-After of every 503 answered here (the database out of reach, readiness): a restart takes seconds. */
const UNAVAILABLE_RETRY_AFTER_SECONDS = 2;

/** Turns anything thrown into the contract's error body; the only place that picks HTTP statuses. */
export function toErrorBody(exception: unknown): ErrorBody | undefined {
  if (exception instanceof DomainError || exception instanceof TossRefusalError) {
    return body(exception.status, exception.code, exception.message, exception.details);
  }
  if (isConnectionLoss(exception)) {
    // The database is restarting or out of reach: nothing is wrong with the request, try it again.
    return body(503, 'SERVICE_UNAVAILABLE', GENERIC_MESSAGE.SERVICE_UNAVAILABLE!);
  }
  if (exception instanceof QueryFailedError) {
    const driverError = exception.driverError as { code?: string; constraint?: string };
    const conflict =
      driverError.code === '23505' ? conflictForConstraint(driverError.constraint) : undefined;
    return conflict ? toErrorBody(conflict) : undefined;
  }
  if (exception instanceof HttpException && exception.cause !== undefined) {
    // Fastify's own errors (body parsing, size, media type) arrive wrapped by Nest's adapter.
    const fromCause = fromFastifyError(exception.cause);
    if (fromCause) return fromCause;
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const code = CODE_FOR_STATUS[status];
    if (!code) return undefined;
    const response = exception.getResponse();
    const message =
      status === 404
        ? GENERIC_MESSAGE.NOT_FOUND!
        : typeof response === 'object' &&
            response !== null &&
            'message' in response &&
            typeof response.message === 'string'
          ? response.message
          : (GENERIC_MESSAGE[code] ?? exception.message);
    return body(status, code, message);
  }
  return fromFastifyError(exception);
}

function fromFastifyError(error: unknown): ErrorBody | undefined {
  const { statusCode, code } = (error ?? {}) as { statusCode?: unknown; code?: unknown };
  if (typeof statusCode !== 'number' || statusCode < 400 || statusCode >= 500) return undefined;
  const ours =
    (typeof code === 'string' ? FASTIFY_CODES[code] : undefined) ??
    (error instanceof SyntaxError ? 'MALFORMED_JSON' : CODE_FOR_STATUS[statusCode]) ??
    'VALIDATION_ERROR';
  return body(ERROR_STATUS[ours], ours, GENERIC_MESSAGE[ours] ?? 'The request is not valid.');
}

function body(statusCode: number, code: string, message: string, details?: unknown): ErrorBody {
  return details === undefined
    ? { statusCode, code, message }
    : { statusCode, code, message, details };
}

@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  constructor(private readonly adapterHost: HttpAdapterHost) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const request = ctx.getRequest<{ id?: string; method?: string; url?: string }>();
    let errorBody = toErrorBody(exception);
    if (isConnectionLoss(exception)) {
      // Expected during a database restart: one line, no stack.
      this.logger.warn(
        `request ${request?.id ?? '-'} ${request?.method ?? ''} ${request?.url ?? ''}: database unreachable: ${describe(exception)}`,
      );
    }
    if (!errorBody) {
      // Unknown failures are logged in full here and answered without any internals.
      this.logger.error(
        `request ${request?.id ?? '-'} ${request?.method ?? ''} ${request?.url ?? ''} failed: ${describe(exception)}`,
        exception instanceof Error ? exception.stack : undefined,
      );
      errorBody = body(500, 'INTERNAL_ERROR', GENERIC_MESSAGE.INTERNAL_ERROR!);
    }
    if (errorBody.statusCode === 503) {
      this.adapterHost.httpAdapter.setHeader(
        ctx.getResponse(),
        'Retry-After',
        String(UNAVAILABLE_RETRY_AFTER_SECONDS),
      );
    }
    this.adapterHost.httpAdapter.reply(ctx.getResponse(), errorBody, errorBody.statusCode);
  }
}

function describe(exception: unknown): string {
  return exception instanceof Error ? `${exception.name}: ${exception.message}` : String(exception);
}
