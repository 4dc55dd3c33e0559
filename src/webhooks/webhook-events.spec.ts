import { readWebhook } from './webhook-events';

describe('reading webhook bodies', () => {
  it('PAYMENT_STATUS_CHANGED: the payment is under data', () => {
    expect(
      readWebhook({
        eventType: 'PAYMENT_STATUS_CHANGED',
        createdAt: 'x',
        data: { paymentKey: 'pk', orderId: 'order-1', status: 'DONE' },
      }),
    ).toEqual({
      eventType: 'PAYMENT_STATUS_CHANGED',
      orderId: 'order-1',
      paymentKey: 'pk',
      secret: null,
      status: 'DONE',
    });
  });

  it('DEPOSIT_CALLBACK flat, as documented, is recognised without an eventType', () => {
    expect(
      readWebhook({
        createdAt: 'x',
        secret: 'ps_1',
        status: 'DONE',
        transactionKey: 't',
        orderId: 'order-1',
      }),
    ).toMatchObject({
      eventType: 'DEPOSIT_CALLBACK',
      orderId: 'order-1',
      secret: 'ps_1',
      status: 'DONE',
    });
  });

  it('DEPOSIT_CALLBACK wrapped in data, as some deliveries are', () => {
    expect(
      readWebhook({
        eventType: 'DEPOSIT_CALLBACK',
        data: { secret: 'ps_1', status: 'DONE', orderId: 'order-1' },
      }),
    ).toMatchObject({
      eventType: 'DEPOSIT_CALLBACK',
      orderId: 'order-1',
      secret: 'ps_1',
    });
  });

  it('ignores values of the wrong type or size', () => {
    expect(
      readWebhook({ eventType: 42, data: { paymentKey: ['x'], orderId: 'o'.repeat(65) } }),
    ).toEqual({
      eventType: 'UNKNOWN',
      orderId: null,
      paymentKey: null,
      secret: null,
      status: null,
    });
  });
});
