import { Logger } from '@nestjs/common';
import { Client, ClientConfig } from 'pg';

const logger = new Logger('TossSandboxDatabase');

/** Severities after which PostgreSQL closes the session (57P01 on a restart comes as FATAL). */
const SESSION_ENDING = new Set(['FATAL', 'PANIC']);
/** Distinct statements one connection keeps prepared; beyond this a statement runs unnamed. */
const MAX_PREPARED_PER_CONNECTION = 200;

/**
 * A pooled client that survives its connection being cut: pg-pool and TypeORM drop their 'error'
 * listeners at times, and an 'error' with no listener kills the process (the app's database may
 * restart under a mounted sandbox). A session the server ended is ended here at once, so the pool
 * does not hand it out again.
 */
export class SandboxClient extends Client {
  private failed = false;

  constructor(config?: string | ClientConfig) {
    super(config);
    this.on('error', (error: Error & { code?: string }) => this.logFailure(error));
    let connected = false;
    this.once('connect', () => (connected = true));
    this.connection.on('errorMessage', (message: Error & { severity?: string }) => {
      if (!connected || !SESSION_ENDING.has(message.severity ?? '')) return;
      this.logFailure(message);
      void this.end();
    });
  }

  private logFailure(error: Error & { code?: string }): void {
    if (this.failed) return;
    this.failed = true;
    logger.warn(
      `a sandbox database connection failed: ${error.code ? `${error.code} ` : ''}${error.message}`,
    );
  }
}

/** Prepares each parameterised statement once per connection: the sandbox's hot paths are a few fixed texts. */
export class PreparingSandboxClient extends SandboxClient {
  readonly prepared = new Map<string, string>();
}

// Looked up on each call, not captured: whatever wraps pg's Client (a test's statement log) still sees every query.
const query = (self: Client, args: unknown[]) =>
  (Client.prototype.query as (...a: unknown[]) => unknown).apply(self, args);

PreparingSandboxClient.prototype.query = function (
  this: PreparingSandboxClient,
  ...args: unknown[]
) {
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
