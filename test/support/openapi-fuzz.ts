import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Response } from 'supertest';
import TestAgent from 'supertest/lib/agent';

/**
 * Requests generated from openapi.json for the property-based test: valid ones drawn from each
 * operation's schemas, and invalid ones made by one mutation of a valid one, each mutation being
 * invalid by construction (wrong type, ill-formed text, NUL, out of range, repeated parameter, …).
 */

export interface Schema {
  type?: string;
  $ref?: string;
  allOf?: Schema[];
  enum?: unknown[];
  nullable?: boolean;
  pattern?: string;
  format?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
}

export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required?: boolean;
  schema?: Schema;
}

export interface Operation {
  /** `GET /api/v1/products/{id}` */
  key: string;
  method: 'get' | 'post' | 'patch' | 'put' | 'delete';
  path: string;
  parameters: Parameter[];
  body?: Schema;
  secured: boolean;
}

interface OpenApiDocument {
  paths: Record<
    string,
    Record<
      string,
      {
        parameters?: Parameter[];
        requestBody?: { content: Record<string, { schema: Schema }> };
        security?: unknown[];
      }
    >
  >;
  components: { schemas: Record<string, Schema> };
}

export interface FuzzRequest {
  path: Record<string, string>;
  /** Raw path segments, already encoded, that replace `path` values (odd ids). */
  rawPath?: Record<string, string>;
  query: [string, string][];
  /** Already encoded `name=value` pairs appended as they are (a NUL in a name). */
  rawQuery?: string[];
  body?: unknown;
  headers: Record<string, string>;
  /** false: no Authorization header; 'garbage': a token that is not one; 'other-role': the wrong role. */
  auth: true | false | 'garbage' | 'other-role';
}

/** A JSON token written as is into the body text: numbers JSON.stringify cannot write (1e400). */
export class RawJson {
  constructor(readonly text: string) {}
}

export function loadOpenApi(file = join(__dirname, '..', '..', 'openapi.json')): {
  operations: Operation[];
  deref: (schema: Schema | undefined) => Schema;
} {
  const doc = JSON.parse(readFileSync(file, 'utf8')) as OpenApiDocument;
  const deref = (schema: Schema | undefined): Schema => {
    if (!schema) return {};
    if (schema.$ref)
      return deref(doc.components.schemas[schema.$ref.replace('#/components/schemas/', '')]);
    if (schema.allOf?.length === 1) return deref(schema.allOf[0]);
    return schema;
  };
  const operations: Operation[] = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      // @Headers('x') and @ApiHeader both document a header: one parameter per name.
      const seen = new Set<string>();
      const parameters = (op.parameters ?? []).filter((p) => {
        const id = `${p.in}:${p.name.toLowerCase()}`;
        if (seen.has(id)) return false;
        seen.add(id);
        return true;
      });
      operations.push({
        key: `${method.toUpperCase()} ${path}`,
        method: method as Operation['method'],
        path,
        parameters,
        body: op.requestBody
          ? deref(op.requestBody.content['application/json']?.schema)
          : undefined,
        secured: (op.security ?? []).length > 0,
      });
    }
  }
  return { operations, deref };
}

/** Domain knowledge a schema cannot carry: which values name real things. */
export interface Hints {
  /** A body or query field's valid values, by field name (productId: a product that exists). */
  field?: (name: string) => fc.Arbitrary<unknown> | undefined;
  /** A path parameter's valid value for an operation (an order of the signed-in customer). */
  path?: (op: Operation, name: string) => string | undefined;
}

const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

function hasPrototypeKey(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return false;
  return Object.entries(value).some(
    ([key, child]) => PROTOTYPE_KEYS.has(key) || hasPrototypeKey(child),
  );
}

/** Text the server must take as given: printable, one code point a unit, nothing trimmed away. */
function text(min: number, max: number): fc.Arbitrary<string> {
  return fc
    .string({ unit: 'grapheme-composite', minLength: min, maxLength: max })
    .filter(
      (s) => s.trim() === s && [...s].filter((c) => c !== '\ufe0e' && c !== '\ufe0f').length >= min,
    );
}

function integer(min: number, max: number): fc.Arbitrary<number> {
  return fc.bigInt(BigInt(min), BigInt(max)).map(Number);
}

export function validValue(
  schema: Schema,
  name: string,
  deref: (s: Schema | undefined) => Schema,
  hints: Hints,
): fc.Arbitrary<unknown> {
  const hinted = hints.field?.(name);
  if (hinted) return hinted;
  // A nullable schema takes null too, whether nullable is on the property or on what it refers to.
  const value = nonNullValue(schema, name, deref, hints);
  return schema.nullable || deref(schema).nullable
    ? fc.option(value, { nil: null, freq: 4 })
    : value;
}

function nonNullValue(
  schema: Schema,
  name: string,
  deref: (s: Schema | undefined) => Schema,
  hints: Hints,
): fc.Arbitrary<unknown> {
  const s = deref(schema);
  if (s.enum) return fc.constantFrom(...s.enum);
  switch (s.type ?? 'object') {
    case 'string':
      if (s.pattern) return fc.stringMatching(new RegExp(s.pattern));
      if (s.format === 'email')
        return fc.stringMatching(/^[a-z0-9]{1,16}$/).map((local) => `${local}@example.com`);
      return text(s.minLength ?? 0, Math.min(s.maxLength ?? 40, 40));
    case 'integer':
      return integer(s.minimum ?? 0, s.maximum ?? 1000);
    case 'number':
      // A `number` takes fractions: a whole-number field documented so would refuse them here.
      return fc.double({
        min: s.minimum ?? 0,
        max: s.maximum ?? 1000,
        noNaN: true,
        noDefaultInfinity: true,
      });
    case 'boolean':
      return fc.boolean();
    case 'array':
      return fc.array(validValue(s.items ?? {}, name, deref, hints), {
        minLength: s.minItems ?? 0,
        maxLength: Math.min(s.maxItems ?? 3, 3),
      });
    default:
      if (s.properties) {
        const model = Object.fromEntries(
          Object.entries(s.properties).map(([key, child]) => [
            key,
            validValue(child, key, deref, hints),
          ]),
        );
        return fc.record(model, { requiredKeys: s.required ?? [] });
      }
      // A free-form object (a webhook body): any JSON object of printable text. Fastify refuses
      // prototype-poisoning keys before anything else sees the body.
      return fc
        .dictionary(
          fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 }),
          fc.jsonValue({ maxDepth: 2, stringUnit: 'grapheme' }),
          { maxKeys: 5 },
        )
        .filter((v) => !hasPrototypeKey(v));
  }
}

function queryValue(
  schema: Schema,
  name: string,
  deref: (s: Schema | undefined) => Schema,
  hints: Hints,
): fc.Arbitrary<string> {
  return validValue(schema, name, deref, hints).map((v) => String(v));
}

export function validRequest(
  op: Operation,
  deref: (s: Schema | undefined) => Schema,
  hints: Hints,
): fc.Arbitrary<FuzzRequest> {
  const pathParams = op.parameters.filter((p) => p.in === 'path');
  const queryParams = op.parameters.filter((p) => p.in === 'query');
  const path = fc.record(
    Object.fromEntries(
      pathParams.map((p) => {
        const known = hints.path?.(op, p.name);
        return [
          p.name,
          known !== undefined ? fc.constant(known) : fc.stringMatching(/^[A-Za-z0-9_-]{6,64}$/),
        ];
      }),
    ),
  ) as fc.Arbitrary<Record<string, string>>;
  const query = fc
    .tuple(
      ...queryParams.map((p) =>
        p.required
          ? queryValue(p.schema ?? {}, p.name, deref, hints).map(
              (v) => [[p.name, v]] as [string, string][],
            )
          : fc
              .option(queryValue(p.schema ?? {}, p.name, deref, hints), { nil: undefined })
              .map((v) => (v === undefined ? [] : ([[p.name, v]] as [string, string][]))),
      ),
    )
    .map((parts) => parts.flat());
  const body = op.body ? validValue(op.body, 'body', deref, hints) : fc.constant(undefined);
  return fc
    .record({ path, query, body })
    .map(({ path, query, body }) => ({ path, query, body, headers: {}, auth: true as const }));
}

// ---------------------------------------------------------------------------------------------
// Mutations: each makes a valid request invalid, whatever the rest of it holds.

type Location = { at: (string | number)[]; schema: Schema };

function locations(
  value: unknown,
  schema: Schema,
  deref: (s: Schema | undefined) => Schema,
  at: (string | number)[] = [],
): Location[] {
  const s = deref(schema);
  if (Array.isArray(value)) {
    return value.flatMap((item, i) => [
      { at: [...at, i], schema: deref(s.items) },
      ...locations(item, s.items ?? {}, deref, [...at, i]),
    ]);
  }
  if (value !== null && typeof value === 'object' && s.properties) {
    return Object.entries(value).flatMap(([key, child]) => {
      const childSchema = s.properties?.[key];
      return childSchema
        ? [
            { at: [...at, key], schema: deref(childSchema) },
            ...locations(child, childSchema, deref, [...at, key]),
          ]
        : [];
    });
  }
  return [];
}

function objectsIn(
  value: unknown,
  schema: Schema,
  deref: (s: Schema | undefined) => Schema,
): Location[] {
  const root = deref(schema);
  const all: Location[] = [{ at: [], schema: root }, ...locations(value, root, deref)];
  return all.filter(({ at, schema: s }) => {
    const node = getAt(value, at);
    return (
      node !== null &&
      typeof node === 'object' &&
      !Array.isArray(node) &&
      s.properties !== undefined
    );
  });
}

function getAt(value: unknown, at: (string | number)[]): unknown {
  return at.reduce<unknown>(
    (node, key) => (node as Record<string | number, unknown>)?.[key],
    value,
  );
}

function setAt(value: unknown, at: (string | number)[], replacement: unknown): unknown {
  if (at.length === 0) return replacement;
  const copy = structuredClone(value) as Record<string | number, unknown>;
  const parent = getAt(copy, at.slice(0, -1)) as Record<string | number, unknown>;
  parent[at[at.length - 1]] = replacement;
  return copy;
}

const ILL_FORMED = ['\ud800', '\udfff', 'a\ud83d', '\u0000', 'x\u0000y'];

/** Values no field of the given schema accepts. */
function wrongValues(schema: Schema): unknown[] {
  if (schema.enum) return ['NOT_ONE_OF_THEM', 7, ...ILL_FORMED];
  switch (schema.type ?? 'object') {
    case 'string':
      return [
        123,
        true,
        {},
        [],
        ...ILL_FORMED,
        ...(schema.maxLength !== undefined ? ['x'.repeat(schema.maxLength + 1)] : []),
        ...(schema.pattern || schema.format ? ['has a space'] : []),
      ];
    case 'number':
    case 'integer':
      return [
        '1',
        true,
        {},
        [],
        ...(schema.type === 'integer' ? [1.5] : []),
        new RawJson('1e400'),
        new RawJson('123456789012345678901234567890'),
        new RawJson('-1e400'),
        ...(schema.maximum !== undefined ? [schema.maximum + 1] : []),
        ...(schema.minimum !== undefined ? [schema.minimum - 1] : []),
      ];
    case 'boolean':
      return ['true', 1, {}, []];
    case 'array':
      return [{}, 'x', 1, ...(schema.minItems ? [[]] : [])];
    default:
      return schema.properties ? [[], 'x', 1, true] : [];
  }
}

/** Query values no parameter of the given schema accepts. */
function wrongQueryValues(schema: Schema): string[] {
  if (schema.enum) return ['NOT_ONE_OF_THEM', 'x\u0000'];
  switch (schema.type ?? 'object') {
    case 'number':
    case 'integer':
      return [
        'abc',
        ...(schema.type === 'integer' ? ['1.5'] : []),
        '1e309',
        '9'.repeat(30),
        '',
        '\u0000',
        ...(schema.maximum !== undefined ? [String(schema.maximum + 1)] : []),
        ...(schema.minimum !== undefined ? [String(schema.minimum - 1)] : []),
      ];
    case 'string':
      return [
        '\u0000',
        `a\u0000`,
        ...(schema.pattern ? ['has a space'] : []),
        ...(schema.maxLength !== undefined ? ['x'.repeat(schema.maxLength + 1)] : []),
      ];
    default:
      return ['\u0000'];
  }
}

/** Path segments that name nothing: the id's 404, or the router's 400 for what it cannot decode. */
export const ODD_SEGMENTS = [
  '%00',
  'a%00b',
  '%20',
  '..',
  '.',
  '%2F',
  '%2E%2E%2F%2E%2E',
  encodeURIComponent('🙂'),
  encodeURIComponent('상품'),
  '%ED%A0%80',
  '%E0%A4%A',
  '%FF',
  'x'.repeat(101),
  '9'.repeat(40),
  '-1',
  'null',
  encodeURIComponent("' OR 1=1 --"),
  encodeURIComponent('<script>'),
];

export interface Mutant {
  mutation: string;
  request: FuzzRequest;
}

export function invalidRequest(
  op: Operation,
  deref: (s: Schema | undefined) => Schema,
  hints: Hints,
  { underApi }: { underApi: boolean },
): fc.Arbitrary<Mutant> | undefined {
  const valid = validRequest(op, deref, hints);
  const mutations: fc.Arbitrary<Mutant>[] = [];
  const mutate = (name: string, f: (r: FuzzRequest) => fc.Arbitrary<FuzzRequest>) =>
    mutations.push(valid.chain((r) => f(r).map((request) => ({ mutation: name, request }))));

  if (op.body) {
    const body = op.body;
    mutate('a body field of the wrong type, ill-formed, NUL, out of range or huge', (r) => {
      const locs = locations(r.body, body, deref).filter((l) => wrongValues(l.schema).length > 0);
      if (locs.length === 0)
        return fc.constant({ ...r, body: { ...(r.body as object), '\ud800': 1 } });
      return fc
        .constantFrom(...locs)
        .chain((loc) =>
          fc
            .constantFrom(...wrongValues(loc.schema))
            .map((wrong) => ({ ...r, body: setAt(r.body, loc.at, wrong) })),
        );
    });
    mutate('a required body field left out', (r) => {
      const holes = objectsIn(r.body, body, deref).flatMap((l) =>
        (l.schema.required ?? []).map((key) => [...l.at, key]),
      );
      if (holes.length === 0) return fc.constant({ ...r, body: [] });
      return fc.constantFrom(...holes).map((at) => {
        const copy = structuredClone(r.body);
        delete (getAt(copy, at.slice(0, -1)) as Record<string, unknown>)[
          at[at.length - 1] as string
        ];
        return { ...r, body: copy };
      });
    });
    mutate('an ill-formed or NUL key in the body', (r) =>
      fc.constantFrom('\ud800', 'a\u0000', '\udc00z').chain((key) => {
        const objects = objectsIn(r.body, body, deref);
        if (objects.length === 0)
          return fc.constant({ ...r, body: { ...(r.body as object), [key]: 1 } });
        return fc.constantFrom(...objects).map((l) => ({
          ...r,
          body: setAt(r.body, l.at, { ...(getAt(r.body, l.at) as object), [key]: 1 }),
        }));
      }),
    );
    if (body.additionalProperties !== true) {
      mutate('an unknown body field', (r) =>
        fc.constantFrom(...objectsIn(r.body, body, deref)).map((l) => ({
          ...r,
          body: setAt(r.body, l.at, { ...(getAt(r.body, l.at) as object), unexpectedField: 'x' }),
        })),
      );
    }
    mutate('a body that is not an object', (r) =>
      fc
        .constantFrom<unknown>([], 'text', 42, null, true, [r.body])
        .map((b) => ({ ...r, body: b })),
    );
  }

  const queryParams = op.parameters.filter((p) => p.in === 'query');
  if (queryParams.length > 0) {
    mutate('a query parameter given twice', (r) =>
      fc.constantFrom(...queryParams).chain((p) =>
        queryValue(p.schema ?? {}, p.name, deref, hints).map((second) => {
          const first = r.query.find(([name]) => name === p.name)?.[1] ?? second;
          return {
            ...r,
            query: [
              ...r.query.filter(([name]) => name !== p.name),
              [p.name, first],
              [p.name, second],
            ] as [string, string][],
          };
        }),
      ),
    );
    mutate('a query parameter of the wrong type, ill-formed, NUL, out of range or huge', (r) =>
      fc.constantFrom(...queryParams).chain((p) =>
        fc.constantFrom(...wrongQueryValues(deref(p.schema))).map((wrong) => ({
          ...r,
          query: [...r.query.filter(([name]) => name !== p.name), [p.name, wrong]] as [
            string,
            string,
          ][],
        })),
      ),
    );
  }
  if (underApi) {
    mutate('any query parameter given twice', (r) =>
      fc.constant({
        ...r,
        query: [...r.query, ['utm_source', 'a'], ['utm_source', 'b']] as [string, string][],
      }),
    );
    mutate('a NUL in a query parameter’s name', (r) =>
      fc.constant({ ...r, rawQuery: ['x%00y=1'] }),
    );
  }

  const pathParams = op.parameters.filter((p) => p.in === 'path');
  if (pathParams.length > 0) {
    mutate('an odd path id', (r) =>
      fc
        .record({ p: fc.constantFrom(...pathParams), segment: fc.constantFrom(...ODD_SEGMENTS) })
        .map(({ p, segment }) => ({ ...r, rawPath: { [p.name]: segment } })),
    );
  }

  if (op.parameters.some((p) => p.in === 'header' && p.name.toLowerCase() === 'idempotency-key')) {
    mutate('a malformed Idempotency-Key', (r) =>
      fc
        .constantFrom('has space', 'k'.repeat(65), 'é')
        .map((key) => ({ ...r, headers: { 'Idempotency-Key': key } })),
    );
  }

  if (op.secured) {
    mutate('no token, a garbage token or the wrong role', (r) =>
      fc
        .constantFrom<FuzzRequest['auth']>(false, 'garbage', 'other-role')
        .map((auth) => ({ ...r, auth })),
    );
  }

  return mutations.length > 0 ? fc.oneof(...mutations) : undefined;
}

// ---------------------------------------------------------------------------------------------

function bodyText(body: unknown): string {
  const raw: string[] = [];
  const json = JSON.stringify(body, (_, value: unknown) => {
    if (value instanceof RawJson) {
      raw.push(value.text);
      return `\u0001RAW${raw.length - 1}\u0001`;
    }
    return value;
  });
  return json.replace(/"\\u0001RAW(\d+)\\u0001"/g, (_, i: string) => raw[Number(i)]);
}

export function urlOf(op: Operation, req: FuzzRequest): string {
  const path = op.path.replace(
    /\{([^}]+)\}/g,
    (_, name: string) => req.rawPath?.[name] ?? encodeURIComponent(req.path[name]),
  );
  const query = [
    ...req.query.map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(value)}`),
    ...(req.rawQuery ?? []),
  ];
  return query.length > 0 ? `${path}?${query.join('&')}` : path;
}

export async function send(
  http: TestAgent,
  op: Operation,
  req: FuzzRequest,
  tokens: { right?: string; otherRole?: string },
): Promise<Response> {
  let call = http[op.method](urlOf(op, req));
  const token =
    req.auth === true
      ? tokens.right
      : req.auth === 'garbage'
        ? 'not.a.token'
        : req.auth === 'other-role'
          ? tokens.otherRole
          : undefined;
  if (token) call = call.set('Authorization', `Bearer ${token}`);
  for (const [name, value] of Object.entries(req.headers)) call = call.set(name, value);
  if (req.body !== undefined)
    call = call.set('Content-Type', 'application/json').send(bodyText(req.body));
  return call.redirects(0).ok(() => true);
}

/** What a failed property prints: enough to replay the request by hand. */
export function describeRequest(op: Operation, req: FuzzRequest): string {
  return `${op.method.toUpperCase()} ${urlOf(op, req)} auth=${String(req.auth)}${req.body !== undefined ? ` body=${bodyText(req.body)}` : ''}`;
}
