/** The body of every error this API answers. */
export class ErrorResponseDto {
  /** The HTTP status, repeated. */
  statusCode: number;
  /** Stable UPPER_SNAKE identifier to switch on (ours, or Toss's own code passed through). */
  code: string;
  /** Human-readable explanation. */
  message: string;
  /** Optional structured details, e.g. the fields that failed validation. */
  details?: unknown;
}
