/**
 * Checks answers against the sandbox's OpenAPI document (openapi.json), for its tests and the
 * host app's: the status must be documented for the operation, and the body must match the
 * response's schema exactly (no undocumented property, null only where nullable). A small
 * validator of the OpenAPI 3.0 schema keywords the document uses.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface Schema {
  $ref?: string;
  type?: 'string' | 'integer' | 'number' | 'boolean' | 'object' | 'array';
  nullable?: boolean;
  enum?: unknown[];
  pattern?: string;
  format?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
  items?: Schema;
  allOf?: Schema[];
  oneOf?: Schema[];
  example?: unknown;
}

export interface Operation {
  operationId: string;
  summary?: string;
  description?: string;
  tags?: string[];
  security?: Record<string, string[]>[];
  parameters?: { name: string; in: string; required?: boolean; schema?: Schema }[];
  requestBody?: { content: Record<string, { schema: Schema }> };
  responses: Record<
    string,
    {
      description: string;
      content?: Record<string, { schema: Schema; examples?: Record<string, { value: unknown }> }>;
    }
  >;
}

export interface SandboxDocument {
  openapi: string;
  servers: { url: string }[];
  tags: { name: string; description: string }[];
  paths: Record<string, Record<string, Operation>>;
  components: {
    schemas: Record<string, Schema>;
    securitySchemes: Record<string, { type: string; scheme?: string }>;
  };
}

/** packages/toss-sandbox/openapi.json as committed. */
export function committedDocument(): SandboxDocument {
  return JSON.parse(readFileSync(join(__dirname, '..', 'openapi.json'), 'utf8')) as SandboxDocument;
}

/** Every operation with its method and path (relative to the server). */
export function operations(
  doc: SandboxDocument,
): { method: string; path: string; operation: Operation }[] {
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, operation]) => ({ method, path, operation })),
  );
}

export function operationById(
  doc: SandboxDocument,
  operationId: string,
): { method: string; path: string; operation: Operation } {
  const found = operations(doc).find((o) => o.operation.operationId === operationId);
  if (!found) throw new Error(`no operation ${operationId} in the document`);
  return found;
}

function resolve(doc: SandboxDocument, ref: string): Schema {
  const name = ref.replace('#/components/schemas/', '');
  const schema = doc.components.schemas[name];
  if (!schema) throw new Error(`unresolved ${ref}`);
  return schema;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** Where `value` breaks `schema` (empty: it matches). */
export function schemaProblems(
  doc: SandboxDocument,
  schema: Schema,
  value: unknown,
  at = '$',
): string[] {
  if (schema.$ref) return schemaProblems(doc, resolve(doc, schema.$ref), value, at);
  if (value === null) return schema.nullable ? [] : [`${at}: null, but not nullable`];
  const problems: string[] = [];
  for (const part of schema.allOf ?? []) problems.push(...schemaProblems(doc, part, value, at));
  if (schema.oneOf) {
    const matching = schema.oneOf.filter((s) => schemaProblems(doc, s, value, at).length === 0);
    if (matching.length !== 1) problems.push(`${at}: matches ${matching.length} of its oneOf`);
  }
  if (schema.enum && !schema.enum.includes(value))
    problems.push(`${at}: ${JSON.stringify(value)} is not one of its enum`);
  switch (schema.type) {
    case 'string':
      if (typeof value !== 'string') return [...problems, `${at}: not a string`];
      if (schema.pattern && !new RegExp(schema.pattern).test(value))
        problems.push(`${at}: "${value}" does not match ${schema.pattern}`);
      if (schema.minLength !== undefined && value.length < schema.minLength)
        problems.push(`${at}: shorter than ${schema.minLength}`);
      if (schema.maxLength !== undefined && value.length > schema.maxLength)
        problems.push(`${at}: longer than ${schema.maxLength}`);
      if (schema.format === 'date-time' && !DATE_TIME.test(value))
        problems.push(`${at}: "${value}" is not a date-time`);
      if (schema.format === 'uuid' && !UUID.test(value))
        problems.push(`${at}: "${value}" is not a uuid`);
      if (schema.format === 'uri' && !URL.canParse(value))
        problems.push(`${at}: "${value}" is not a uri`);
      break;
    case 'integer':
    case 'number':
      if (typeof value !== 'number' || (schema.type === 'integer' && !Number.isInteger(value)))
        return [...problems, `${at}: not an ${schema.type}`];
      if (schema.minimum !== undefined && value < schema.minimum)
        problems.push(`${at}: below ${schema.minimum}`);
      if (schema.maximum !== undefined && value > schema.maximum)
        problems.push(`${at}: above ${schema.maximum}`);
      break;
    case 'boolean':
      if (typeof value !== 'boolean') problems.push(`${at}: not a boolean`);
      break;
    case 'array':
      if (!Array.isArray(value)) return [...problems, `${at}: not an array`];
      if (schema.items)
        value.forEach((item, i) =>
          problems.push(...schemaProblems(doc, schema.items!, item, `${at}[${i}]`)),
        );
      break;
    case 'object': {
      if (typeof value !== 'object' || Array.isArray(value))
        return [...problems, `${at}: not an object`];
      const record = value as Record<string, unknown>;
      for (const name of schema.required ?? [])
        if (!(name in record)) problems.push(`${at}.${name}: required, missing`);
      if (schema.properties) {
        for (const [name, property] of Object.entries(schema.properties))
          if (name in record)
            problems.push(...schemaProblems(doc, property, record[name], `${at}.${name}`));
        if (!schema.additionalProperties)
          for (const name of Object.keys(record))
            if (!(name in schema.properties)) problems.push(`${at}.${name}: not documented`);
      }
      break;
    }
    case undefined:
      break;
  }
  return problems;
}

/** The operation a request goes to: literal segments win over parameters. */
export function operationFor(
  doc: SandboxDocument,
  method: string,
  urlPath: string,
): { path: string; operation: Operation } {
  const server = doc.servers[0].url;
  if (!urlPath.startsWith(`${server}/`)) throw new Error(`${urlPath} is not under ${server}`);
  const path = urlPath.slice(server.length).split('?')[0];
  const candidates = Object.entries(doc.paths)
    .filter(([template, item]) => {
      const pattern = template.replace(/\{[^}]+\}/g, '[^/]+');
      return new RegExp(`^${pattern}$`).test(path) && item[method.toLowerCase()];
    })
    .sort(([a], [b]) => a.split('{').length - b.split('{').length);
  if (candidates.length === 0) throw new Error(`no operation for ${method} ${path}`);
  const [template, item] = candidates[0];
  return { path: template, operation: item[method.toLowerCase()] };
}

/**
 * What is wrong with an answer, by the document: an undocumented status, or a body that does not
 * match the schema documented for it. Empty: the answer is as documented.
 */
export function answerProblems(
  doc: SandboxDocument,
  method: string,
  urlPath: string,
  status: number,
  body: unknown,
): string[] {
  const { path, operation } = operationFor(doc, method, urlPath);
  const response = operation.responses[String(status)];
  const where = `${operation.operationId} (${method} ${path}) ${status}`;
  if (!response) return [`${where}: status not documented`];
  const schema = response.content?.['application/json']?.schema;
  // A response documented without content (deleteBillingKey's 200) has an empty body: supertest
  // reads it as {} (or '' as text).
  if (!response.content) return isEmptyBody(body) ? [] : [`${where}: a body, but none documented`];
  if (!schema) return [`${where}: no body documented`];
  return schemaProblems(doc, schema, body).map((problem) => `${where}: ${problem}`);
}

function isEmptyBody(body: unknown): boolean {
  return (
    body === undefined ||
    body === null ||
    body === '' ||
    (typeof body === 'object' && !Array.isArray(body) && Object.keys(body).length === 0)
  );
}
