import type { Response } from 'supertest';

/** A UUID as the server makes them (crypto.randomUUID / gen_random_uuid: version 4). */
export const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** An ISO-8601 timestamp as JSON.stringify writes a Date. */
export const ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

const ERROR_KEYS = ['statusCode', 'code', 'message', 'details'];

/**
 * The contract's error body and nothing else: `{statusCode, code, message, details?}`, JSON,
 * statusCode repeating the HTTP status, code UPPER_SNAKE (and equal to `code` when given).
 */
export function expectErrorBody(res: Response, status: number, code?: string): void {
  expect({ status: res.status, body: res.body }).toEqual({
    status,
    body: expect.objectContaining({
      statusCode: status,
      code: code ?? expect.stringMatching(/^[A-Z][A-Z0-9_]*$/),
      message: expect.stringMatching(/\S/),
    }),
  });
  expect(res.headers['content-type']).toMatch(/^application\/json/);
  expect(Object.keys(res.body).filter((key) => !ERROR_KEYS.includes(key))).toEqual([]);
}

/** The fields a VALIDATION_ERROR's details name (`[{field, problems}]`). */
export function invalidFields(res: Response): string[] {
  return ((res.body.details ?? []) as { field: string }[]).map((d) => d.field);
}
