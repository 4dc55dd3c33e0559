import { ApiExtension } from '@nestjs/swagger';
import { ErrorCode } from './errors';
import type { TossCodeGroup } from './errors/error-docs';

/** The operation extension that carries ApiErrors' list until the document is finished. */
export const ERRORS_EXTENSION = 'x-errors';

/**
 * The errors an endpoint answers beyond the ones every endpoint of its kind answers (those are
 * added by src/common/openapi/error-responses.ts: validation, rate limit, sign-in, body parsing,
 * database). Each becomes a typed response: one schema per code, grouped by status.
 */
export function ApiErrors(
  ...errors: (ErrorCode | TossCodeGroup)[]
): MethodDecorator & ClassDecorator {
  return ApiExtension(
    ERRORS_EXTENSION,
    errors.map((error) => (typeof error === 'string' ? error : error.schemaName)),
  );
}
