import { ERROR_STATUS, ErrorCode } from './error-codes';

/** A rule of the domain was broken; the filter turns it into the contract's error body. */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = new.target.name;
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

/** An error whose code and status come from outside (Toss), passed through unchanged. */
export class PassThroughError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'PassThroughError';
  }
}

export class ValidationError extends DomainError {
  constructor(details: unknown, message = 'The request is not valid.') {
    super('VALIDATION_ERROR', message, details);
  }
}
