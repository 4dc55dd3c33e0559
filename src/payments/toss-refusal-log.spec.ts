import { Logger } from '@nestjs/common';
import { tossRefusal } from './payment-settlement';

describe('tossRefusal', () => {
  const logger = () => {
    const errors: string[] = [];
    const stub = new Logger('test');
    jest.spyOn(stub, 'error').mockImplementation((message: unknown) => {
      errors.push(String(message));
    });
    return { stub, errors };
  };

  it("logs a refusal caused by the shop's setup as an error, naming Toss's code", () => {
    const { stub, errors } = logger();
    const refusal = tossRefusal(stub, 'confirm', 'confirm of order o-1', 'UNAUTHORIZED_KEY', '키');
    expect({ status: refusal.status, code: refusal.code, errors }).toEqual({
      status: 500,
      code: 'MERCHANT_CONFIGURATION_ERROR',
      errors: [expect.stringMatching(/^confirm of order o-1: .*\(UNAUTHORIZED_KEY\)/)],
    });
  });

  it("logs nothing for a customer's decline", () => {
    const { stub, errors } = logger();
    const refusal = tossRefusal(stub, 'confirm', 'confirm', 'REJECT_CARD_PAYMENT', '한도초과');
    expect({ status: refusal.status, code: refusal.code, errors }).toEqual({
      status: 402,
      code: 'REJECT_CARD_PAYMENT',
      errors: [],
    });
  });
});
