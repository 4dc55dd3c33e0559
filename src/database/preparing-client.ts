import { Client } from 'pg';
import { PooledClient } from './pooled-client';

/** Distinct statements one connection keeps prepared; beyond this a statement runs unnamed. */
const MAX_PREPARED_PER_CONNECTION = 200;

/**
 * A pg Client that prepares each parameterised statement once per connection (node-pg names it and
 * PostgreSQL keeps its parse and plan), instead of parsing and planning it on every call. The hot
 * paths are a handful of fixed texts, so the cache stays small; it is bounded all the same.
 * Statements without parameters (BEGIN, COMMIT) run as simple queries, as before.
 */
export class PreparingClient extends PooledClient {
  readonly prepared = new Map<string, string>();
}

// Looked up on each call, not captured: whatever wraps pg's Client (a test's statement log) still sees every query.
const query = (self: Client, args: unknown[]) =>
  (Client.prototype.query as (...a: unknown[]) => unknown).apply(self, args);

PreparingClient.prototype.query = function (this: PreparingClient, ...args: unknown[]) {
  const [text, values, ...rest] = args;
  if (typeof text === 'string' && Array.isArray(values) && values.length > 0) {
    let name = this.prepared.get(text);
    if (name === undefined && this.prepared.size < MAX_PREPARED_PER_CONNECTION) {
      name = `p${this.prepared.size}`;
      this.prepared.set(text, name);
    }
    if (name !== undefined) return query(this, [{ name, text, values }, ...rest]);
  }
  return query(this, args);
} as Client['query'];
