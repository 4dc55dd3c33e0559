import { allowedInstead } from './method-not-allowed';
import { RouteTable } from './route-table';

/** Routes as the app registers them (HEAD beside each GET, CORS's OPTIONS catch-all, Swagger UI's files). */
function appRoutes(): RouteTable {
  const routes = new RouteTable();
  for (const [path, methods] of [
    ['/api/v1/orders', ['GET', 'HEAD', 'POST']],
    ['/api/v1/orders/:orderId', ['GET', 'HEAD']],
    ['/api/v1/orders/:orderId/cancel', ['POST']],
    ['/api/v1/products/:id', ['GET', 'HEAD', 'PATCH', 'DELETE']],
    ['/health', ['GET', 'HEAD']],
    ['*', ['OPTIONS']],
    ['/docs/*', ['GET', 'HEAD']],
  ] as const) {
    routes.add(path, [...methods]);
  }
  return routes;
}

describe('allowedInstead', () => {
  it.each([
    // A wrong method on a known path: 405 with what the path takes.
    ['DELETE', '/api/v1/orders', undefined, ['GET', 'HEAD', 'POST']],
    ['PUT', '/api/v1/products/p-1', undefined, ['GET', 'HEAD', 'PATCH', 'DELETE']],
    ['GET', '/api/v1/orders/o-1/cancel', undefined, ['POST']],
    ['POST', '/health/?probe=1', undefined, ['GET', 'HEAD']],
    // Routed only to the CORS catch-all (CORS off, so it did not answer): still a known path.
    ['OPTIONS', '/api/v1/orders', '*', ['GET', 'HEAD', 'POST']],
    // Unknown paths stay 404.
    ['GET', '/api/v1/nope', undefined, undefined],
    ['OPTIONS', '/api/v1/nope', '*', undefined],
    ['DELETE', '/api/v1/orders/o-1/cancel/more', undefined, undefined],
    // Under a wildcard route only: nothing known to name.
    ['POST', '/docs/swagger-ui.css', undefined, undefined],
    // A request with a route of its own is none of this hook's business.
    ['GET', '/api/v1/orders', '/api/v1/orders', undefined],
    ['GET', '/docs/swagger-ui.css', '/docs/*', undefined],
  ])('%s %s (routed to %s) → Allow %j', (method, url, routeUrl, allowed) => {
    expect(allowedInstead(appRoutes(), { method, url, routeUrl })).toEqual(allowed);
  });
});
