import { createOrder } from '../factories/catalogue.factory';
import { useShop } from '../factories/checkout.factory';
import { expectErrorBody } from '../factories/http.factory';

type Method = 'get' | 'head' | 'post' | 'put' | 'patch' | 'delete' | 'options';

/**
 * A known path asked with a method it does not take answers 405 METHOD_NOT_ALLOWED in the error
 * shape, with an Allow header that tells the truth; an unknown path stays 404 NOT_FOUND.
 */
describe('wrong method on a known path (e2e)', () => {
  const shop = useShop({});
  let productId: string;
  let orderId: string;

  beforeAll(async () => {
    productId = shop.products['상품1'].id;
    orderId = (await createOrder(shop.t.http, shop.kim.auth, [{ productId, quantity: 1 }])).orderId;
  });

  /** Paths with `{product}` and `{order}` standing for the ids made above. */
  const wrongMethods: [Method, string, string][] = [
    ['delete', '/api/v1/orders', 'GET, HEAD, POST'],
    ['patch', '/api/v1/orders/?page=1', 'GET, HEAD, POST'],
    ['put', '/api/v1/products/{product}', 'GET, HEAD, PATCH, DELETE'],
    ['get', '/api/v1/orders/{order}/cancel', 'POST'],
    ['delete', '/api/v1/orders/{order}', 'GET, HEAD'],
    ['get', '/api/v1/auth/login', 'POST'],
    ['post', '/health', 'GET, HEAD'],
    ['post', '/metrics', 'GET, HEAD'],
    ['put', '/sandbox/toss/test/authorize', 'POST'],
  ];
  const at = (path: string) => path.replace('{product}', productId).replace('{order}', orderId);

  it.each(wrongMethods)('%s %s → 405 with Allow: %s', async (method, path, allow) => {
    const res = await shop.t.http[method](at(path)).set(shop.boss.auth);
    expectErrorBody(res, 405, 'METHOD_NOT_ALLOWED');
    expect(res.headers.allow).toBe(allow);
    expect(res.body.message).toContain(allow);
  });

  it.each(wrongMethods)(
    'serves every method Allow lists for %s %s there',
    async (_method, path, allow) => {
      for (const listed of allow.split(', ')) {
        const res = await shop.t.http[listed.toLowerCase() as Method](at(path))
          .set(shop.boss.auth)
          .send(listed === 'GET' || listed === 'HEAD' ? undefined : {});
        expect({ listed, status: res.status }).not.toEqual({ listed, status: 405 });
        expect({ listed, code: res.body?.code }).not.toEqual({ listed, code: 'NOT_FOUND' });
      }
    },
  );

  it('answers HEAD on a path without GET with 405 and Allow, and no body', async () => {
    const res = await shop.t.http.head(`/api/v1/orders/${orderId}/cancel`).expect(405);
    expect(res.headers.allow).toBe('POST');
    expect(res.text ?? '').toBe('');
  });

  it('answers 405 before reading the body, and before authentication', async () => {
    const res = await shop.t.http
      .delete('/api/v1/orders')
      .set('Content-Type', 'application/json')
      .send('{"not json');
    expectErrorBody(res, 405, 'METHOD_NOT_ALLOWED');
    expect(res.headers.allow).toBe('GET, HEAD, POST');
  });

  it('carries the request id, security and CORS headers like any other answer', async () => {
    const res = await shop.t.http
      .delete('/api/v1/orders')
      .set('Origin', 'https://shop.example.com')
      .set('X-Request-Id', 'req-405-check');
    expectErrorBody(res, 405, 'METHOD_NOT_ALLOWED');
    expect(res.headers['x-request-id']).toBe('req-405-check');
    expect(res.headers['access-control-allow-origin']).toBe('https://shop.example.com');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });

  it('leaves a CORS preflight to CORS', async () => {
    const res = await shop.t.http
      .options('/api/v1/orders')
      .set('Origin', 'https://shop.example.com')
      .set('Access-Control-Request-Method', 'POST')
      .expect(204);
    expect(res.headers['access-control-allow-methods']).toContain('POST');
    expect(res.headers.allow).toBeUndefined();
  });

  it.each<[Method, string]>([
    ['get', '/api/v1/nope'],
    ['delete', '/api/v1/nope'],
    ['get', '/api/v1/orders/x/cancel/more'],
    ['post', '/nope'],
    ['post', '/docs/no-such-file.css'],
  ])('keeps %s %s (an unknown path) a 404 NOT_FOUND without Allow', async (method, path) => {
    const res = await shop.t.http[method](path);
    expectErrorBody(res, 404, 'NOT_FOUND');
    expect(res.headers.allow).toBeUndefined();
  });
});
