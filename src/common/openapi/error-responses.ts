import type {
  HeaderObject,
  OpenAPIObject,
  OperationObject,
  ReferenceObject,
  ResponseObject,
  SchemaObject,
} from '@nestjs/swagger';
import { ERROR_STATUS, ErrorCode } from '../errors';
import { ERROR_DOCS, TOSS_CODE_GROUPS } from '../errors/error-docs';
import { ERRORS_EXTENSION } from '../swagger';

/** Every JSON endpoint (under the API prefix) can answer these, whatever it does. */
const API_WIDE: ErrorCode[] = [
  'VALIDATION_ERROR',
  'RATE_LIMITED',
  'INTERNAL_ERROR',
  'SERVICE_UNAVAILABLE',
];
/** Every endpoint that takes a body: before validation, Fastify's parsing. */
const WITH_BODY: ErrorCode[] = ['MALFORMED_JSON', 'PAYLOAD_TOO_LARGE', 'UNSUPPORTED_MEDIA_TYPE'];
/** Statuses whose answers carry Retry-After (the rate limiter's and the filter's 503). */
const RETRY_AFTER: Record<number, string> = {
  429: 'Seconds until this client may send again.',
  503: 'Seconds after which retrying is worthwhile.',
};

/** One error schema of the contract: an own code, or a group of Toss's codes. */
interface ErrorKind {
  schemaName: string;
  status: number;
  codes: readonly string[];
  summary: string;
  schema: SchemaObject;
  examples: { code: string; value: unknown }[];
}

/**
 * Gives every operation one response per error status it can answer: the union (oneOf with a
 * discriminator on `code`) of one schema per code, with one example per code, so a generated
 * client narrows `details` by `code`. The codes are the operation's ApiErrors plus the ones every
 * operation of its kind answers (API_WIDE, WITH_BODY, UNAUTHORIZED when it needs a token).
 */
export function publishErrorResponses(document: OpenAPIObject, apiPrefix: string): void {
  const components = (document.components ??= {});
  const schemas = (components.schemas ??= {});
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of ['get', 'put', 'post', 'delete', 'patch'] as const) {
      const operation = item[method];
      if (!operation) continue;
      const kinds = errorKindsOf(operation, path.startsWith(apiPrefix));
      const byStatus = new Map<number, ErrorKind[]>();
      for (const kind of kinds)
        byStatus.set(kind.status, [...(byStatus.get(kind.status) ?? []), kind]);
      for (const [status, group] of [...byStatus].sort(([a], [b]) => a - b)) {
        operation.responses[String(status)] = responseFor(status, group);
        for (const kind of group) schemas[kind.schemaName] = kind.schema;
      }
    }
  }
}

function errorKindsOf(operation: OperationObject, underApi: boolean): ErrorKind[] {
  const extensions = operation as unknown as Record<string, unknown>;
  const declared = (extensions[ERRORS_EXTENSION] as string[] | undefined) ?? [];
  delete extensions[ERRORS_EXTENSION];
  const names = new Set<string>(['INTERNAL_ERROR']);
  if (underApi) API_WIDE.forEach((code) => names.add(code));
  if (underApi && operation.requestBody) WITH_BODY.forEach((code) => names.add(code));
  if (operation.security?.some((requirement) => Object.keys(requirement).length > 0))
    names.add('UNAUTHORIZED');
  declared.forEach((name) => names.add(name));
  return [...names].map(kindNamed);
}

function kindNamed(name: string): ErrorKind {
  const group = TOSS_CODE_GROUPS.find((candidate) => candidate.schemaName === name);
  if (group) {
    return {
      schemaName: group.schemaName,
      status: group.status,
      codes: group.codes,
      summary: group.summary,
      schema: errorSchema(group.status, group.codes, group.summary),
      examples: group.codes.map((code) => ({
        code,
        value: { statusCode: group.status, code, message: group.message },
      })),
    };
  }
  if (!(name in ERROR_STATUS)) throw new Error(`ApiErrors names an unknown error: ${name}`);
  const code = name as ErrorCode;
  const doc = ERROR_DOCS[code];
  const status = ERROR_STATUS[code];
  return {
    schemaName: schemaNameOf(code),
    status,
    codes: [code],
    summary: doc.summary,
    schema: errorSchema(status, [code], doc.summary, doc.details),
    examples: [
      {
        code,
        value: {
          statusCode: status,
          code,
          message: doc.message,
          ...(doc.details ? { details: doc.details.example } : {}),
        },
      },
    ],
  };
}

/** AMOUNT_MISMATCH → AmountMismatchError; INTERNAL_ERROR → InternalError. */
function schemaNameOf(code: string): string {
  const pascal = code
    .toLowerCase()
    .split('_')
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join('');
  return pascal.endsWith('Error') ? pascal : `${pascal}Error`;
}

function errorSchema(
  status: number,
  codes: readonly string[],
  description: string,
  details?: { schema: SchemaObject; required: boolean },
): SchemaObject {
  return {
    type: 'object',
    description,
    additionalProperties: false,
    required: ['statusCode', 'code', 'message', ...(details?.required ? ['details'] : [])],
    properties: {
      statusCode: { type: 'integer', enum: [status], description: 'The HTTP status, repeated.' },
      code: { type: 'string', enum: [...codes], description: 'What to switch on.' },
      message: { type: 'string', description: 'For people; may change.' },
      ...(details ? { details: details.schema } : {}),
    },
  };
}

function responseFor(status: number, kinds: ErrorKind[]): ResponseObject {
  const refOf = (kind: ErrorKind) => `#/components/schemas/${kind.schemaName}`;
  const mapping: Record<string, string> = {};
  for (const kind of kinds)
    for (const code of kind.codes) {
      if (mapping[code]) throw new Error(`error code ${code} is documented twice for ${status}`);
      mapping[code] = refOf(kind);
    }
  const schema: SchemaObject | ReferenceObject =
    kinds.length === 1
      ? { $ref: refOf(kinds[0]) }
      : {
          oneOf: kinds.map((kind) => ({ $ref: refOf(kind) })),
          discriminator: { propertyName: 'code', mapping },
        };
  const headers: Record<string, HeaderObject> | undefined = RETRY_AFTER[status]
    ? {
        'Retry-After': {
          description: RETRY_AFTER[status],
          schema: { type: 'integer', minimum: 1 },
        },
      }
    : undefined;
  return {
    description: kinds
      .map((kind) =>
        kind.codes.length === 1
          ? `\`${kind.codes[0]}\`: ${kind.summary}`
          : `${kind.summary} Codes: ${kind.codes.map((code) => `\`${code}\``).join(', ')}.`,
      )
      .join('\n\n'),
    ...(headers ? { headers } : {}),
    content: {
      'application/json': {
        schema,
        examples: Object.fromEntries(
          kinds.flatMap((kind) =>
            kind.examples.map(({ code, value }) => [code, { summary: code, value }]),
          ),
        ),
      },
    },
  };
}
