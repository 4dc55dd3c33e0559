import { tossError, tossErrorFor } from './toss-errors';

describe('toss-errors', () => {
  it("answers known codes with Toss's status and message", () => {
    expect(tossError('NOT_FOUND_PAYMENT_SESSION')).toMatchObject({
      status: 404,
      code: 'NOT_FOUND_PAYMENT_SESSION',
    });
    expect(tossError('ALREADY_PROCESSED_PAYMENT').body).toEqual({
      code: 'ALREADY_PROCESSED_PAYMENT',
      message: '이미 처리된 결제 입니다.',
    });
    expect(tossError('UNAUTHORIZED_KEY').status).toBe(401);
    expect(tossError('INCORRECT_BASIC_AUTH_FORMAT').status).toBe(403);
    expect(tossError('IDEMPOTENT_REQUEST_PROCESSING').status).toBe(409);
    expect(tossError('PROVIDER_ERROR').status).toBe(400);
    expect(tossError('REJECT_CARD_PAYMENT').status).toBe(403);
  });

  it('takes any code for injection: known ones keep their status unless overridden, unknown ones are 400', () => {
    expect(tossErrorFor('NOT_CANCELABLE_AMOUNT')).toMatchObject({ status: 403 });
    expect(tossErrorFor('NOT_CANCELABLE_AMOUNT', 400, 'x').body).toEqual({
      code: 'NOT_CANCELABLE_AMOUNT',
      message: 'x',
    });
    expect(tossErrorFor('SOMETHING_NEW')).toMatchObject({ status: 400, code: 'SOMETHING_NEW' });
  });
});
