import { AsyncLocalStorage } from 'node:async_hooks';
import type { Server } from 'node:http';
import pg from 'pg';

/**
 * Counts the SQL statements (each one a round trip to PostgreSQL; BEGIN and COMMIT included) that
 * each HTTP request made, by route. Every pg query of this process is seen, and a request's context
 * follows its async work, so the in-process sandbox's statements are told apart from the app's.
 */
export class StatementLog {
  private readonly context = new AsyncLocalStorage<{ route: string; done: boolean }>();
  private readonly statements: { route: string; sql: string }[] = [];
  private readonly originalQuery = pg.Client.prototype.query;

  constructor(server: Server) {
    const context = this.context;
    const statements = this.statements;
    const original = this.originalQuery;
    // Before Fastify's own listener, in the same call: the rest of the request runs in this context.
    server.prependListener('request', (req, res) => {
      const store = { route: `${req.method} ${(req.url ?? '').split('?')[0]}`, done: false };
      context.enterWith(store);
      res.once('finish', () => (store.done = true));
    });
    pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
      const store = context.getStore();
      // Work a request left behind after answering (a worker it woke) is not the request's cost.
      if (store && !store.done) {
        const query = args[0] as string | { text?: string };
        statements.push({
          route: store.route,
          sql: String(typeof query === 'string' ? query : query?.text)
            .replace(/\s+/g, ' ')
            .trim(),
        });
      }
      return (original as (...a: unknown[]) => unknown).apply(this, args);
    } as typeof pg.Client.prototype.query;
  }

  clear(): void {
    this.statements.length = 0;
  }

  /** The statements of one route (method and path) since the last clear. */
  of(route: string): string[] {
    return this.statements.filter((s) => s.route === route).map((s) => s.sql);
  }

  restore(): void {
    pg.Client.prototype.query = this.originalQuery;
  }
}
