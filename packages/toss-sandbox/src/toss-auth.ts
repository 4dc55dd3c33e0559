import { tossError } from './toss-errors';

const BASIC = /^Basic ([A-Za-z0-9+/]+={0,2})$/;
const TEST_SECRET_KEY = /^test_(sk|gsk)_[A-Za-z0-9_]+$/;

/**
 * Toss's server auth: `Authorization: Basic base64(secretKey + ":")` (docs/toss.md §1). The sandbox
 * accepts any test secret key (API `test_sk_` or widget `test_gsk_`) and nothing else: a live key
 * is refused as Toss refuses a key it does not know. Returns the secret key (never log it).
 */
export function authenticateSecretKey(header: string | undefined): string {
  if (header === undefined || header.trim() === '') {
    throw tossError('UNAUTHORIZED_KEY');
  }
  const match = BASIC.exec(header.trim());
  if (!match) throw tossError('INCORRECT_BASIC_AUTH_FORMAT');
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  // The secret key is the user name and the password is empty: without the colon Toss refuses.
  if (colon < 0) throw tossError('INCORRECT_BASIC_AUTH_FORMAT');
  const secretKey = decoded.slice(0, colon);
  if (secretKey.startsWith('live_')) {
    throw tossError(
      'UNAUTHORIZED_KEY',
      '인증되지 않은 시크릿 키 혹은 클라이언트 키 입니다. (샌드박스는 test_ 키만 받습니다)',
    );
  }
  // A BOM (base64 "77u/…"), a client key (test_ck_) or anything else is an unknown key.
  if (!TEST_SECRET_KEY.test(secretKey)) throw tossError('UNAUTHORIZED_KEY');
  return secretKey;
}
