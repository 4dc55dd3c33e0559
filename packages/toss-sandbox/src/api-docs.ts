/**
 * Pieces of the sandbox's OpenAPI document that its controllers share: the tags, the security
 * scheme's name and the error responses (Toss's `{code, message}`, one response per HTTP status
 * listing its codes, with one example per code). The document itself: sandbox-docs.ts.
 */
import { applyDecorators } from '@nestjs/common';
import { ApiHeader, ApiResponse } from '@nestjs/swagger';
import { TossError } from './toss-api.dto';
import { tossErrorFor } from './toss-errors';

/** The security scheme of Toss's API: HTTP Basic, the secret key as user name, no password. */
export const TOSS_BASIC_AUTH = 'tossSecretKey';

/** The document's tags, in the order Swagger UI shows them. */
export const SANDBOX_TAGS = [
  {
    name: 'Toss API',
    description:
      "Toss Payments' core API (version 2022-11-16) on Toss's own paths, emulated: point " +
      'TOSS_API_BASE_URL at this server + /sandbox/toss and call it as api.tosspayments.com. ' +
      'Basic auth with any test secret key (`test_sk_…`, `test_gsk_…`, password empty). Errors are ' +
      "Toss's `{code, message}` with Toss's HTTP status. Besides the codes each operation lists, " +
      'the `TossPayments-Test-Code` header answers the code it names, and faults (Test: faults) ' +
      'may answer any code with any status from 400 to 599, delay, hang or reset the connection.',
  },
  {
    name: 'Test: customer',
    description:
      "What the customer does in Toss's payment window and at the bank, over HTTP and without a " +
      'browser: authenticate a payment, register a card for recurring payments (billing auth), ' +
      'pay into a virtual account; and what a card issuer does: delete a billing key. No auth.',
  },
  {
    name: 'Test: faults',
    description:
      'Fault injection into the Toss API: latency, declines, 5xx before or after the work is ' +
      'committed, hangs, connection resets, 429. No auth.',
  },
  {
    name: 'Test: clock',
    description:
      "The sandbox's clock (real time plus an offset, shared by every instance on its database): " +
      'it drives the 10-minute confirm window and virtual-account due dates. No auth.',
  },
  {
    name: 'Test: read-back',
    description:
      'What the sandbox recorded, for assertions: payments, calls received, transactions, ' +
      'billing keys and webhook deliveries. No auth.',
  },
] as const;

export type SandboxTag = (typeof SANDBOX_TAGS)[number]['name'];

/** For each HTTP status, the codes answered with it and when. */
export type ErrorsByStatus = Record<number, Record<string, string>>;

/**
 * One response per status, `{code, message}`: the description lists when each code is answered,
 * and there is one example per code (with Toss's message for it).
 */
export function TossErrors(errors: ErrorsByStatus): MethodDecorator {
  return applyDecorators(
    ...Object.entries(errors).map(([status, codes]) =>
      ApiResponse({
        status: Number(status),
        type: TossError,
        description: Object.entries(codes)
          .map(([code, when]) => `- \`${code}\`: ${when}`)
          .join('\n'),
        examples: Object.fromEntries(
          Object.entries(codes).map(([code, when]) => [
            code,
            { summary: when, value: tossErrorFor(code).body },
          ]),
        ),
      }),
    ),
  );
}

/** Merges code lists status by status, in order; a code listed twice gets both reasons. */
export function mergeErrors(...lists: ErrorsByStatus[]): ErrorsByStatus {
  const merged: ErrorsByStatus = {};
  for (const list of lists)
    for (const [status, codes] of Object.entries(list)) {
      const into = (merged[Number(status)] ??= {});
      for (const [code, when] of Object.entries(codes))
        into[code] = into[code] ? `${into[code]}; or ${when}` : when;
    }
  return merged;
}

/** A request body Fastify refuses before the handler runs (any POST or DELETE). */
export const UNREADABLE_BODY =
  'a body was sent that is not valid JSON, is over 100 KiB, or is neither JSON nor text';

/** What any call of Toss's API may be answered, whatever the operation. */
const TOSS_API_COMMON: ErrorsByStatus = {
  401: {
    UNAUTHORIZED_KEY:
      'no Authorization header, or a key that is not a test secret key (live_ keys are refused)',
  },
  403: { INCORRECT_BASIC_AUTH_FORMAT: 'Authorization is not `Basic base64(secretKey + ":")`' },
  429: { TOO_MANY_REQUESTS: 'a RATE_LIMIT fault' },
  500: {
    FAILED_INTERNAL_SYSTEM_PROCESSING:
      'an ERROR or APPROVE_THEN_ERROR fault (by default), or the sandbox itself failed',
  },
};

/** POSTs of Toss's API also take an Idempotency-Key. */
const TOSS_API_POST: ErrorsByStatus = {
  400: {
    INVALID_REQUEST: UNREADABLE_BODY,
    INVALID_IDEMPOTENCY_KEY: 'Idempotency-Key is empty or longer than 300 characters',
  },
  409: {
    IDEMPOTENT_REQUEST_PROCESSING: 'a request with the same Idempotency-Key is still running',
  },
};

const TEST_CODE_HEADER = ApiHeader({
  name: 'TossPayments-Test-Code',
  required: false,
  description:
    "Answer this Toss error code (with Toss's status for it, else 400) without running anything, " +
    'as Toss does for test keys, e.g. `REJECT_CARD_PAYMENT`.',
  // No example value: Swagger UI fills header fields with it and would send it.
  schema: { type: 'string', pattern: '^[A-Z][A-Z0-9_]*$' },
});

const IDEMPOTENCY_KEY_HEADER = ApiHeader({
  name: 'Idempotency-Key',
  required: false,
  description:
    'Scoped to the key, the secret key, the method and the path (not the body): a repeat gets ' +
    'the first final answer again without running, 409 while the first is still running. ' +
    '5xx answers are not kept, so a retry runs.',
  schema: { type: 'string', minLength: 1, maxLength: 300 },
});

/**
 * The headers and errors every operation of Toss's API has; `errors` are the operation's own. A
 * POST takes an Idempotency-Key; a DELETE may carry a body Fastify refuses.
 */
export function TossApiResponses(
  method: 'GET' | 'POST' | 'DELETE',
  errors: ErrorsByStatus,
): MethodDecorator {
  switch (method) {
    case 'POST':
      return applyDecorators(
        IDEMPOTENCY_KEY_HEADER,
        TEST_CODE_HEADER,
        TossErrors(mergeErrors(errors, TOSS_API_POST, TOSS_API_COMMON)),
      );
    case 'DELETE':
      return applyDecorators(
        TEST_CODE_HEADER,
        TossErrors(
          mergeErrors(errors, { 400: { INVALID_REQUEST: UNREADABLE_BODY } }, TOSS_API_COMMON),
        ),
      );
    case 'GET':
      return applyDecorators(TEST_CODE_HEADER, TossErrors(mergeErrors(errors, TOSS_API_COMMON)));
  }
}

/**
 * A test control's errors: its own; for a POST or DELETE, 400 INVALID_REQUEST for a body Fastify
 * refuses; 500 when the sandbox fails.
 */
export function TestControlResponses(
  method: 'GET' | 'POST' | 'DELETE',
  errors: ErrorsByStatus = {},
): MethodDecorator {
  return TossErrors(
    mergeErrors(errors, method === 'GET' ? {} : { 400: { INVALID_REQUEST: UNREADABLE_BODY } }, {
      500: { FAILED_INTERNAL_SYSTEM_PROCESSING: 'the sandbox failed (its database is down)' },
    }),
  );
}
