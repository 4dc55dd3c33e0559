import { loggableUrl } from './loggable-url';

describe('loggableUrl', () => {
  it.each([
    [
      '/sandbox/toss/v1/billing/Z_t5vOvQxrj4499PeiJcjen28-V2RyqgYTwN44Rdzk0=',
      '/sandbox/toss/v1/billing/{billingKey}',
    ],
    [
      '/sandbox/toss/v1/billing/authorizations/issue',
      '/sandbox/toss/v1/billing/authorizations/issue',
    ],
    ['/sandbox/toss/test/billing/authorize', '/sandbox/toss/test/billing/authorize'],
    [
      '/sandbox/toss/test/billing/abcDEF123/delete',
      '/sandbox/toss/test/billing/{billingKey}/delete',
    ],
    [
      '/sandbox/toss/test/billing?customerKey=7f1c-uuid',
      '/sandbox/toss/test/billing?customerKey={redacted}',
    ],
    [
      '/sandbox/toss/test/webhooks?orderId=o1&billingKey=k%2B1',
      '/sandbox/toss/test/webhooks?orderId=o1&billingKey={redacted}',
    ],
    [
      '/api/v1/billing/cards/0d9c7a2e-61e1-4bb6-9d55-3f1f0a4a2b7c',
      '/api/v1/billing/cards/0d9c7a2e-61e1-4bb6-9d55-3f1f0a4a2b7c',
    ],
    ['/api/v1/orders?page=2', '/api/v1/orders?page=2'],
  ])('%s → %s', (url, logged) => {
    expect(loggableUrl(url)).toBe(logged);
  });
});
