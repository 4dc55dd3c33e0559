import { parseFault } from './fault-rules';
import { TossApiError } from './toss-errors';

describe('parseFault', () => {
  it('reads a full fault, case-insensitively, with the aliases status/remaining', () => {
    expect(
      parseFault({
        kind: 'approve-then-error',
        operation: 'CONFIRM',
        orderId: 'order_123',
        latencyMs: 50,
        code: 'FAILED_X',
        status: 503,
        message: 'm',
        remaining: 2,
      }),
    ).toEqual({
      kind: 'APPROVE_THEN_ERROR',
      operation: 'confirm',
      orderId: 'order_123',
      paymentKey: null,
      billingKey: null,
      latencyMs: 50,
      code: 'FAILED_X',
      httpStatus: 503,
      message: 'm',
      remaining: 2,
    });
  });

  it('defaults to a global fault on every operation until cleared', () => {
    expect(parseFault({ kind: 'RESET' })).toMatchObject({
      operation: null,
      orderId: null,
      paymentKey: null,
      billingKey: null,
      remaining: null,
    });
  });

  it('aims a fault at a billing key, on the billing operations', () => {
    expect(
      parseFault({
        kind: 'DECLINE',
        code: 'INVALID_STOPPED_CARD',
        operation: 'Billing-Charge',
        billingKey: 'k=',
      }),
    ).toMatchObject({
      operation: 'billing-charge',
      billingKey: 'k=',
      orderId: null,
      paymentKey: null,
    });
    for (const operation of ['billing-issue', 'billing-charge', 'billing-delete'])
      expect(parseFault({ kind: 'ERROR', operation }).operation).toBe(operation);
  });

  it.each([
    [{}],
    [{ kind: 'NOPE' }],
    [{ kind: 'LATENCY' }],
    [{ kind: 'LATENCY', latencyMs: -1 }],
    [{ kind: 'LATENCY', latencyMs: 500_000 }],
    [{ kind: 'DECLINE' }],
    [{ kind: 'DECLINE', code: 'lower_case' }],
    [{ kind: 'ERROR', operation: 'refund' }],
    [{ kind: 'ERROR', count: 0 }],
    [{ kind: 'ERROR', httpStatus: 302 }],
    [{ kind: 'ERROR', orderId: 'x' }],
    [{ kind: 'ERROR', orderId: 'order_123', paymentKey: 'tgen_1' }],
    [{ kind: 'ERROR', orderId: 'order_123', billingKey: 'k=' }],
    [{ kind: 'ERROR', paymentKey: 'tgen_1', billingKey: 'k=' }],
    [{ kind: 'ERROR', billingKey: '' }],
    [{ kind: 'ERROR', billingKey: 'k'.repeat(201) }],
    [{ kind: 'ERROR', operation: 'billing' }],
  ])('refuses %j with INVALID_REQUEST', (body) => {
    let error: unknown;
    try {
      parseFault(body);
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(TossApiError);
    expect((error as TossApiError).code).toBe('INVALID_REQUEST');
  });
});
