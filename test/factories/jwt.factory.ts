import { createHmac } from 'node:crypto';

const encode = (part: object): string => Buffer.from(JSON.stringify(part)).toString('base64url');

/** A compact JWT signed with HS256 (or left unsigned for `alg: none`), to forge and tamper with tokens. */
export function signJwt(
  payload: object,
  secret: string,
  header: object = { alg: 'HS256', typ: 'JWT' },
): string {
  const unsigned = `${encode(header)}.${encode(payload)}`;
  const signature =
    (header as { alg?: string }).alg === 'none'
      ? ''
      : createHmac('sha256', secret).update(unsigned).digest('base64url');
  return `${unsigned}.${signature}`;
}

/** The claims of a JWT, unverified. */
export function jwtClaims(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8'));
}
