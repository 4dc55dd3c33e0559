import { billingDeletion, billingKeyOf, readWebhook, withBillingKeyHashed } from './webhook-events';

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

describe('BILLING_DELETED bodies', () => {
  const body = {
    eventType: 'BILLING_DELETED',
    createdAt: '2024-12-01T00:00:00.000000',
    data: { billingKey: 'wm60xF900HXZRzReBluSSgJriVX7d7rS0oyslw4zRwg', reason: '삭제 API 요청' },
  };
  const hash = Buffer.alloc(32, 0xab);

  it('the billing key is read from data, as Toss sends it', () => {
    expect(billingKeyOf(body)).toBe('wm60xF900HXZRzReBluSSgJriVX7d7rS0oyslw4zRwg');
    expect(billingKeyOf({ eventType: 'BILLING_DELETED', data: { billingKey: 42 } })).toBeNull();
    expect(billingKeyOf({ eventType: 'BILLING_DELETED' })).toBeNull();
  });

  it('is stored with the billing key replaced by its hashes, and read back from that', () => {
    const stored = withBillingKeyHashed(body, [hash]);
    expect(JSON.stringify(stored)).not.toContain(body.data.billingKey);
    expect(stored).toEqual({
      eventType: 'BILLING_DELETED',
      createdAt: body.createdAt,
      data: { reason: '삭제 API 요청', billingKeyHashes: [hash.toString('hex')] },
    });
    expect(billingDeletion(stored)).toEqual({ hashes: [hash], reason: '삭제 API 요청' });
  });

  it.each([
    ['no hashes', { data: {} }, { hashes: [], reason: null }],
    [
      'a hash of the wrong length',
      { data: { billingKeyHashes: ['abcd'] } },
      { hashes: [], reason: null },
    ],
    [
      'a null reason',
      { data: { billingKeyHashes: [hash.toString('hex')], reason: null } },
      { hashes: [hash], reason: null },
    ],
  ])('reads %s leniently', (_case, stored, expected) => {
    expect(billingDeletion(stored)).toEqual(expected);
  });
});
