import { ERROR_STATUS, ErrorCode } from './error-codes';
import { answerTossRefusal, TossRefusalOperation } from './toss-refusals';

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

/** Toss refused: answered as toss-refusals.ts decides (Toss's code or ours, never Toss's status). */
export class TossRefusalError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details?: unknown;
  /** Toss's own code, whatever our answer's code is. */
  readonly tossCode: string;
  /** The shop's Toss setup is at fault: operators must be alerted. */
  readonly merchant: boolean;

  constructor(operation: TossRefusalOperation, tossCode: string, tossMessage: string) {
    const answer = answerTossRefusal(operation, tossCode, tossMessage);
    super(answer.message);
    this.name = 'TossRefusalError';
    this.status = answer.status;
    this.code = answer.code;
    this.details = answer.details;
    this.tossCode = tossCode;
    this.merchant = answer.merchant;
  }
}

export class ValidationError extends DomainError {
  constructor(details: unknown, message = 'The request is not valid.') {
    super('VALIDATION_ERROR', message, details);
  }
}
