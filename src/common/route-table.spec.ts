import { RouteTable, pathPattern, routedPath } from './route-table';

describe('route table', () => {
  it.each([
    ['/health', '/health', true],
    ['/health', '/health/ready', false],
    ['/health', '/healthz', false],
    ['/api/v1/products/:id', '/api/v1/products/3f2a', true],
    ['/api/v1/products/:id', '/api/v1/products', false],
    ['/api/v1/products/:id', '/api/v1/products/a/b', false],
    ['/api/v1/orders/:orderId/cancel', '/api/v1/orders/o-1/cancel', true],
    ['/sandbox/sdk.js', '/sandbox/sdk.js', true],
    ['/sandbox/sdk.js', '/sandbox/sdkxjs', false],
    ['/demo/assets/:file', '/demo/assets/shop.css', true],
  ])('pattern of %s matches %s: %s', (route, path, matches) => {
    expect(pathPattern(route)?.test(path)).toBe(matches);
  });

  it.each(['*', '/*', '/docs/*', '/files/:name(^\\d+)'])(
    'gives a wildcard or regular-expression route (%s) no pattern: it makes no address known',
    (route) => {
      expect(pathPattern(route)).toBeUndefined();
    },
  );

  it.each([
    ['/api/v1/orders?page=2', '/api/v1/orders'],
    ['/api/v1/orders/', '/api/v1/orders'],
    ['/', '/'],
    ['/health?', '/health'],
  ])('routes %s as %s', (url, path) => {
    expect(routedPath(url)).toBe(path);
  });

  it('lists paths in registration order with their methods in a fixed order, and finds them by URL', () => {
    const routes = new RouteTable();
    routes.add('/api/v1/products', 'POST');
    routes.add('/api/v1/products', 'GET');
    routes.add('/api/v1/products', 'HEAD');
    routes.add('/api/v1/products/:id', ['delete', 'PATCH']);
    routes.add('*', 'OPTIONS');
    expect(routes.paths()).toEqual([
      { path: '/api/v1/products', methods: ['GET', 'HEAD', 'POST'] },
      { path: '/api/v1/products/:id', methods: ['PATCH', 'DELETE'] },
      { path: '*', methods: ['OPTIONS'] },
    ]);
    expect(routes.methodsAt('/api/v1/products/?q=1')).toEqual(['GET', 'HEAD', 'POST']);
    expect(routes.methodsAt('/api/v1/products/p1')).toEqual(['PATCH', 'DELETE']);
    expect(routes.methodsAt('/api/v1/nope')).toEqual([]);
  });
});
