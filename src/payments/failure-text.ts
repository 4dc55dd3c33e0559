/**
 * How much of a failure's code and message we keep: the lengths of the failure columns
 * (orders.last_failure_*, payment_attempts.failure_*, refunds.failure_*), which use these constants,
 * so a longer text from Toss or the payment window is cut to fit instead of failing the write.
 */
export const FAILURE_CODE_LENGTH = 64;
export const FAILURE_MESSAGE_LENGTH = 510;

export interface FailureText {
  code: string;
  message: string;
}

export function failureText(code: string, message: string): FailureText {
  return {
    code: code.slice(0, FAILURE_CODE_LENGTH),
    message: message.slice(0, FAILURE_MESSAGE_LENGTH),
  };
}

/** A row of work that Toss can refuse: a refund, a cash receipt, a receipt's cancel. */
export interface FailableWork {
  status: string;
  failureCode: string | null;
  failureMessage: string | null;
  nextCheckAt: Date | null;
}

/** Toss refused the work for good: FAILED with Toss's reason (cut to fit), nothing left to check. */
export function markFailed(work: FailableWork, code: string, message: string): void {
  const failure = failureText(code, message);
  work.status = 'FAILED';
  work.failureCode = failure.code;
  work.failureMessage = failure.message;
  work.nextCheckAt = null;
}
