/**
 * What must never reach a log line: credentials (Authorization, passwords, access tokens, the Toss
 * secret key and its Basic form), a virtual account's deposit `secret` and refund account numbers.
 * Structured fields are removed by pino's redact paths; anything that slips into a message string
 * is scrubbed from the finished line (`scrubLine`).
 */
export const REDACTED = '[REDACTED]';

/**
 * Concrete paths only: wildcard paths cost pino a walk of every logged object on every line (they
 * measured several per cent of a request). Anything else is caught by the line scrubber below.
 */
export const REDACT_PATHS = [
  'password',
  'secret',
  'accessToken',
  'authorization',
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
  'headers.Authorization',
  'body.password',
  'body.secret',
  'body.refundReceiveAccount',
  'refundReceiveAccount',
  'data.secret',
  'config.headers.Authorization',
];

/** Toss keys, bearer and basic credentials, and JSON fields of the secret kinds inside strings. */
const PATTERNS =
  /\b(?:test|live)_g?sk_[A-Za-z0-9_]+|\b(Bearer|Basic)(\s+|%20)[A-Za-z0-9+/=._~-]{6,}|(\\?"(?:password|newPassword|secret|accessToken|refreshToken|token|authorization|accountNumber|refundReceiveAccount)\\?"\s*:\s*\\?")[^"\\]*/gi;

/**
 * Builds the last line of defence, applied to each serialized log line. `literals` are values known
 * to be secret (the configured Toss key and its Basic form) that no pattern would recognise.
 */
export function lineScrubber(literals: (string | undefined)[]): (line: string) => string {
  const known = literals.filter(
    (value): value is string => typeof value === 'string' && value.length >= 8,
  );
  return (line) => {
    let out = line.replace(
      PATTERNS,
      (match, scheme: string | undefined, gap: string | undefined, field: string | undefined) => {
        if (field !== undefined) return `${field}${REDACTED}`;
        if (scheme !== undefined) return `${scheme}${gap ?? ' '}${REDACTED}`;
        return REDACTED;
      },
    );
    for (const value of known) {
      if (out.includes(value)) out = out.split(value).join(REDACTED);
    }
    return out;
  };
}

/** `Basic base64("<secret key>:")`, as TossClient sends it. */
export function basicCredential(secretKey: string): string {
  return Buffer.from(`${secretKey}:`).toString('base64');
}
