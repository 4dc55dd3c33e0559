import {
  DOWN_GRACE_MS,
  judgeAnswer,
  judgeNoAnswer,
  Route,
  unexpectedBoundRefusal,
  Verdict,
} from './answers';

describe('judgeAnswer', () => {
  const quiet = { nearDbRestart: false };
  const restarting = { nearDbRestart: true };
  const table: [Route, number, string | undefined, { nearDbRestart: boolean }, Verdict][] = [
    ['confirm', 200, undefined, quiet, 'ok'],
    ['order', 201, undefined, quiet, 'ok'],
    ['confirm', 409, 'PAYMENT_IN_PROGRESS', quiet, 'refused'],
    ['confirm', 403, 'REJECT_CARD_PAYMENT', quiet, 'refused'],
    ['refund', 400, 'CANCEL_AMOUNT_EXCEEDED', quiet, 'refused'],
    ['refund', 400, 'TAX_FREE_AMOUNT_EXCEEDED', quiet, 'refused'],
    ['refund', 400, 'TAXABLE_AMOUNT_EXCEEDED', quiet, 'refused'],
    ['refund', 400, 'REFUND_QUANTITY_EXCEEDED', quiet, 'refused'],
    ['cash-receipt', 201, undefined, quiet, 'ok'],
    ['cash-receipt', 200, undefined, quiet, 'ok'],
    ['cash-receipt', 409, 'CASH_RECEIPT_EXISTS', quiet, 'refused'],
    ['cash-receipt', 400, 'INVALID_CASH_RECEIPT_INFO', quiet, 'refused'],
    ['cash-receipt', 502, 'CASH_RECEIPT_OUTCOME_UNKNOWN', quiet, 'outcome-unknown'],
    ['cash-receipt', 502, 'PAYMENT_OUTCOME_UNKNOWN', quiet, 'unexpected'],
    ['cash-receipt', 500, 'MERCHANT_CONFIGURATION_ERROR', quiet, 'unexpected'],
    ['refund', 502, 'CASH_RECEIPT_OUTCOME_UNKNOWN', quiet, 'unexpected'],
    ['payment-get', 200, undefined, quiet, 'ok'],
    ['payment-get', 502, 'PAYMENT_OUTCOME_UNKNOWN', quiet, 'unexpected'],
    ['confirm', 502, 'PAYMENT_OUTCOME_UNKNOWN', quiet, 'outcome-unknown'],
    ['refund', 502, 'PAYMENT_OUTCOME_UNKNOWN', quiet, 'outcome-unknown'],
    ['order-cancel', 502, 'PAYMENT_OUTCOME_UNKNOWN', quiet, 'outcome-unknown'],
    ['order', 502, 'PAYMENT_OUTCOME_UNKNOWN', quiet, 'unexpected'],
    ['confirm', 502, 'PAYMENT_MISMATCH', quiet, 'unexpected'],
    ['confirm', 500, 'INTERNAL_ERROR', quiet, 'unexpected'],
    ['confirm', 500, 'INTERNAL_ERROR', restarting, 'unexpected'],
    ['order', 503, 'SERVICE_UNAVAILABLE', restarting, 'db-restart'],
    ['order', 503, 'SERVICE_UNAVAILABLE', quiet, 'unexpected'],
    ['login', 504, undefined, restarting, 'unexpected'],
    ['webhook', 200, undefined, quiet, 'ok'],
    ['webhook', 201, undefined, quiet, 'unexpected'],
    ['webhook', 400, 'VALIDATION_ERROR', quiet, 'unexpected'],
    ['webhook', 503, 'SERVICE_UNAVAILABLE', restarting, 'db-restart'],
    ['webhook', 500, 'INTERNAL_ERROR', restarting, 'unexpected'],
  ];

  it.each(table)('%s %i %s (%o) is %s', (route, status, code, context, verdict) => {
    expect(judgeAnswer(route, status, code, context)).toBe(verdict);
  });
});

describe('unexpectedBoundRefusal', () => {
  const table: [number, string | undefined, boolean, boolean][] = [
    // Refunds that together ask for more than is left: whichever comes second is refused.
    [400, 'CANCEL_AMOUNT_EXCEEDED', true, false],
    [400, 'TAX_FREE_AMOUNT_EXCEEDED', true, false],
    [400, 'TAXABLE_AMOUNT_EXCEEDED', true, false],
    [400, 'REFUND_QUANTITY_EXCEEDED', true, false],
    // Refunds that fit together: a bound refusal means the app counted wrong.
    [400, 'CANCEL_AMOUNT_EXCEEDED', false, true],
    [400, 'TAX_FREE_AMOUNT_EXCEEDED', false, true],
    [400, 'TAXABLE_AMOUNT_EXCEEDED', false, true],
    [400, 'REFUND_QUANTITY_EXCEEDED', false, true],
    // Other answers are judged by judgeAnswer alone.
    [200, undefined, false, false],
    [409, 'NOT_CANCELABLE', false, false],
    [409, 'NOT_CANCELABLE_PAYMENT', false, false],
    [400, 'VALIDATION_ERROR', false, false],
    [502, 'PAYMENT_OUTCOME_UNKNOWN', false, false],
  ];

  it.each(table)(
    '%i %s (batch overlaps: %s) is unexpected: %s',
    (status, code, overlaps, verdict) => {
      expect(unexpectedBoundRefusal(status, code, overlaps)).toBe(verdict);
    },
  );
});

describe('judgeNoAnswer', () => {
  const now = 1_000_000;
  const table: [string, Parameters<typeof judgeNoAnswer>[0], ReturnType<typeof judgeNoAnswer>][] = [
    [
      'the instance is down',
      { up: false, downAt: now - 100, upAt: 0, now, timedOut: false },
      'instance-down',
    ],
    [
      'it was killed just now and is back',
      { up: true, downAt: now - 10, upAt: now - 5, now, timedOut: false },
      'instance-down',
    ],
    [
      'a pooled socket just after the restart',
      { up: true, downAt: now - 9000, upAt: now - 100, now, timedOut: false },
      'instance-down',
    ],
    [
      'an instance up all along resets',
      { up: true, downAt: 0, upAt: now - 100, now, timedOut: false },
      'unexpected',
    ],
    [
      'long after its restart',
      { up: true, downAt: now - 60_000, upAt: now - DOWN_GRACE_MS - 1, now, timedOut: false },
      'unexpected',
    ],
    [
      'no answer in time',
      { up: true, downAt: now - 10, upAt: now - 5, now, timedOut: true },
      'unexpected',
    ],
  ];

  it.each(table)('%s', (_name, instance, verdict) => {
    expect(judgeNoAnswer(instance)).toBe(verdict);
  });
});
