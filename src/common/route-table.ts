import type { FastifyInstance, RouteOptions } from 'fastify';

/** The order methods are listed in (the Allow header, the boot log), whatever order they were registered in. */
const METHOD_ORDER = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];

export interface RoutePath {
  /** As Fastify has it, prefix included: `/api/v1/products/:id`. */
  path: string;
  methods: string[];
}

/**
 * A route path as a pattern of whole paths: `:name` stands for one segment. Undefined for a path
 * with a wildcard or a regular-expression parameter: such a route (CORS's `OPTIONS *`, Swagger UI's
 * static files) answers whatever exists under it, so it does not make an address known.
 */
export function pathPattern(path: string): RegExp | undefined {
  if (path.includes('*') || path.includes('(')) return undefined;
  const source = path
    .split('/')
    .map((segment) =>
      segment
        .split(/(:[A-Za-z0-9_]+)/)
        .map((part) =>
          part.startsWith(':') ? '[^/]+' : part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'),
        )
        .join(''),
    )
    .join('/');
  return new RegExp(`^${source}$`);
}

/** The path of a request URL as routing sees it: no query, no trailing slash (ignoreTrailingSlash). */
export function routedPath(url: string): string {
  const path = url.split('?', 1)[0];
  return path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
}

export function byMethodOrder(methods: Iterable<string>): string[] {
  const rank = (method: string) => {
    const index = METHOD_ORDER.indexOf(method);
    return index === -1 ? METHOD_ORDER.length : index;
  };
  return [...new Set(methods)].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

/**
 * Every route the HTTP server serves, as Fastify registered it (global prefix and its exclusions
 * applied, HEAD beside each GET): the one record of where a route lives, read by the boot log and
 * by the 405 answer.
 */
export class RouteTable {
  private readonly byPath = new Map<string, Set<string>>();
  private readonly patterns = new Map<string, RegExp | undefined>();

  add(path: string, methods: string | string[]): void {
    const known = this.byPath.get(path) ?? new Set<string>();
    for (const method of [methods].flat()) known.add(method.toUpperCase());
    this.byPath.set(path, known);
    if (!this.patterns.has(path)) this.patterns.set(path, pathPattern(path));
  }

  /** Every path with its methods, in the order the paths were registered. */
  paths(): RoutePath[] {
    return [...this.byPath].map(([path, methods]) => ({ path, methods: byMethodOrder(methods) }));
  }

  /** The methods of the routes of fixed segments and parameters that match this request URL. */
  methodsAt(url: string): string[] {
    const path = routedPath(url);
    const methods: string[] = [];
    for (const [routePath, pattern] of this.patterns) {
      if (pattern?.test(path)) methods.push(...this.byPath.get(routePath)!);
    }
    return byMethodOrder(methods);
  }
}

const tables = new WeakMap<FastifyInstance, RouteTable>();

/**
 * The route table of this Fastify instance, recording from the first call on: call it before any
 * route is registered (createApp does, right after making the adapter).
 */
export function routeTableOf(fastify: FastifyInstance): RouteTable {
  let table = tables.get(fastify);
  if (!table) {
    const created = new RouteTable();
    fastify.addHook('onRoute', (route: RouteOptions) => created.add(route.url, route.method));
    tables.set(fastify, created);
    table = created;
  }
  return table;
}
