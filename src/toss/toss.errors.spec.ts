import { classify, tossErrorFrom } from './toss.errors';

describe('Toss error classification', () => {
  it.each([
    [400, 'PROVIDER_ERROR'],
    [500, 'FAILED_INTERNAL_SYSTEM_PROCESSING'],
    [500, 'FAILED_PAYMENT_INTERNAL_SYSTEM_PROCESSING'],
    [500, 'UNKNOWN_PAYMENT_ERROR'],
    [409, 'IDEMPOTENT_REQUEST_PROCESSING'],
    [429, 'TOO_MANY_REQUESTS'],
    [502, 'ANYTHING'],
    [403, 'FORBIDDEN_CONSECUTIVE_REQUEST'],
    [500, 'FAILED_REFUND_PROCESS'],
  ])('HTTP %p %p: outcome unknown', (status, code) => {
    expect(classify(status, code)).toBe('unknown');
  });

  it.each([
    [400, 'INVALID_CARD_EXPIRATION'],
    [403, 'REJECT_CARD_PAYMENT'],
    [404, 'NOT_FOUND_PAYMENT_SESSION'],
    [401, 'UNAUTHORIZED_KEY'],
    [400, 'ALREADY_PROCESSED_PAYMENT'],
    [403, 'NOT_CANCELABLE_PAYMENT'],
  ])('HTTP %p %p: refused', (status, code) => {
    expect(classify(status, code)).toBe('refused');
  });

  it('a timeout, a reset and a body without a code are unknown outcomes', () => {
    expect(
      tossErrorFrom(undefined, undefined, {
        code: 'ECONNABORTED',
        message: 'timeout of 1000ms exceeded',
      }),
    ).toMatchObject({
      code: 'TIMEOUT',
      outcome: 'unknown',
    });
    expect(
      tossErrorFrom(undefined, undefined, { code: 'ECONNRESET', message: 'socket hang up' }),
    ).toMatchObject({
      code: 'CONNECTION_FAILED',
      outcome: 'unknown',
    });
    expect(tossErrorFrom(400, '<html>bad gateway</html>')).toMatchObject({
      code: 'BAD_RESPONSE',
      outcome: 'unknown',
      status: 400,
    });
  });

  it("keeps Toss's code, message and status for a refusal", () => {
    const error = tossErrorFrom(403, {
      code: 'REJECT_CARD_PAYMENT',
      message: '한도초과 혹은 잔액부족으로 결제에 실패했습니다.',
    });
    expect(error).toMatchObject({ code: 'REJECT_CARD_PAYMENT', status: 403, outcome: 'refused' });
    expect(error.message).toBe('한도초과 혹은 잔액부족으로 결제에 실패했습니다.');
  });
});
