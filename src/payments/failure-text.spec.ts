import { getMetadataArgsStorage } from 'typeorm';
import { FAILURE_CODE_LENGTH, FAILURE_MESSAGE_LENGTH, failureText } from './failure-text';
import { PaymentAttempt } from './payment-attempt.entity';
import { Refund } from './refund.entity';

describe('failure text', () => {
  it('keeps what fits the failure columns and cuts the rest', () => {
    expect(failureText('CODE', 'message')).toEqual({ code: 'CODE', message: 'message' });
    const cut = failureText('C'.repeat(100), 'm'.repeat(1000));
    expect([cut.code.length, cut.message.length]).toEqual([64, 510]);
  });

  it.each([
    [PaymentAttempt, 'failure_code', FAILURE_CODE_LENGTH],
    [PaymentAttempt, 'failure_message', FAILURE_MESSAGE_LENGTH],
    [Refund, 'failure_code', FAILURE_CODE_LENGTH],
    [Refund, 'failure_message', FAILURE_MESSAGE_LENGTH],
  ] as const)('%p.%s is as long as the text it is given', (entity, column, length) => {
    const found = getMetadataArgsStorage().columns.find(
      (c) => c.target === entity && c.options.name === column,
    );
    expect(found?.options.length).toBe(length);
  });
});
