import { getMetadataArgsStorage } from 'typeorm';
import { CashReceiptCancel } from '../cash-receipts/cash-receipt-cancel.entity';
import { CashReceipt } from '../cash-receipts/cash-receipt.entity';
import {
  FAILURE_CODE_LENGTH,
  FAILURE_MESSAGE_LENGTH,
  failureText,
  markFailed,
} from './failure-text';
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
    [CashReceipt, 'failure_code', FAILURE_CODE_LENGTH],
    [CashReceipt, 'failure_message', FAILURE_MESSAGE_LENGTH],
    [CashReceiptCancel, 'failure_code', FAILURE_CODE_LENGTH],
    [CashReceiptCancel, 'failure_message', FAILURE_MESSAGE_LENGTH],
  ] as const)('%p.%s is as long as the text it is given', (entity, column, length) => {
    const found = getMetadataArgsStorage().columns.find(
      (c) => c.target === entity && c.options.name === column,
    );
    expect(found?.options.length).toBe(length);
  });

  it('marks refused work FAILED with the reason cut to fit, and nothing left to check', () => {
    const work = {
      status: 'REQUESTED',
      failureCode: null,
      failureMessage: null,
      nextCheckAt: new Date(),
    };
    markFailed(work, 'INVALID_CASH_RECEIPT_INFO', 'm'.repeat(600));
    expect(work).toEqual({
      status: 'FAILED',
      failureCode: 'INVALID_CASH_RECEIPT_INFO',
      failureMessage: 'm'.repeat(510),
      nextCheckAt: null,
    });
  });
});
