import { authenticateSecretKey } from './toss-auth';
import { TossApiError } from './toss-errors';

const basic = (text: string) => `Basic ${Buffer.from(text, 'utf8').toString('base64')}`;

function refusal(header: string | undefined): { status: number; code: string } {
  try {
    authenticateSecretKey(header);
  } catch (error) {
    if (error instanceof TossApiError) return { status: error.status, code: error.code };
    throw error;
  }
  throw new Error('accepted');
}

describe('authenticateSecretKey', () => {
  it('returns the secret key of a well-formed test key (API or widget pair)', () => {
    expect(authenticateSecretKey(basic('test_sk_zXLkKEypNArWmo50nX3lmeaxYG5R:'))).toBe(
      'test_sk_zXLkKEypNArWmo50nX3lmeaxYG5R',
    );
    expect(authenticateSecretKey(basic('test_gsk_docs_OaPz8L5KdmQXkzRz3y47BMw6:'))).toBe(
      'test_gsk_docs_OaPz8L5KdmQXkzRz3y47BMw6',
    );
  });

  it('401 UNAUTHORIZED_KEY without a header, for live keys, client keys, a BOM and unknown keys', () => {
    for (const header of [
      undefined,
      '',
      '   ',
      basic('live_sk_abc:'),
      basic('live_gsk_abc:'),
      basic('test_ck_abc:'),
      basic('\uFEFFtest_sk_abc:'),
      basic('abc:'),
    ]) {
      expect(refusal(header)).toEqual({ status: 401, code: 'UNAUTHORIZED_KEY' });
    }
  });

  it('403 INCORRECT_BASIC_AUTH_FORMAT for another scheme, raw text or a missing colon', () => {
    for (const header of [
      'Bearer test_sk_abc',
      'Basic',
      'Basic test_sk_abc:',
      basic('test_sk_abc'),
      'basic',
    ]) {
      expect(refusal(header)).toEqual({ status: 403, code: 'INCORRECT_BASIC_AUTH_FORMAT' });
    }
  });
});
