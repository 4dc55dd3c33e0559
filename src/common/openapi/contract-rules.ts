import type { OpenAPIObject, ReferenceObject, SchemaObject } from '@nestjs/swagger';

type Schema = SchemaObject | ReferenceObject;
const OPERATION_METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

/**
 * Request body schemas are closed (`additionalProperties: false`), as the app is: its validation
 * refuses unknown fields (src/common/validation.ts). Applied to every schema a request body
 * reaches, nested ones included; inline schemas (the webhook's open object) are left as written.
 */
export function closeRequestSchemas(document: OpenAPIObject): void {
  const schemas = document.components?.schemas ?? {};
  const closed = new Set<string>();
  const visit = (schema: Schema | undefined): void => {
    if (!schema) return;
    if ('$ref' in schema) {
      const name = schema.$ref.replace('#/components/schemas/', '');
      const target = schemas[name];
      if (closed.has(name) || !target || '$ref' in target) return;
      closed.add(name);
      if (target.type === 'object' || target.properties) target.additionalProperties = false;
      visitChildren(target);
      return;
    }
    visitChildren(schema);
  };
  const visitChildren = (schema: SchemaObject): void => {
    Object.values(schema.properties ?? {}).forEach(visit);
    visit(schema.items);
    [...(schema.allOf ?? []), ...(schema.oneOf ?? []), ...(schema.anyOf ?? [])].forEach(visit);
  };
  for (const item of Object.values(document.paths))
    for (const method of OPERATION_METHODS) {
      const body = item[method]?.requestBody;
      if (!body || '$ref' in body) continue;
      for (const media of Object.values(body.content)) visit(media.schema);
    }
}

/** An operation without a security requirement is public, and says so with `security: []`. */
export function markPublicOperations(document: OpenAPIObject): void {
  for (const item of Object.values(document.paths))
    for (const method of OPERATION_METHODS) {
      const operation = item[method];
      if (operation && !operation.security) operation.security = [];
    }
}
