import { Logger } from '@nestjs/common';
import { Client, ClientConfig } from 'pg';

const logger = new Logger('Database');

/** Severities after which PostgreSQL closes the session (57P01 on a restart comes as FATAL). */
const SESSION_ENDING = new Set(['FATAL', 'PANIC']);

/**
 * A client of the app's pool that survives its connection being cut and is never reused after.
 *
 * It listens for its own 'error' events for its whole life: pg-pool takes its listener off a client
 * while it is checked out, and TypeORM drops its own after the first error, so a connection the
 * server ends at the wrong moment would otherwise raise an 'error' with no listener, which kills
 * the process.
 *
 * When the server ends the session while a query runs (57P01 goes to that query, not to 'error'),
 * the client is ended at once: otherwise TypeORM hands it back to the pool as healthy and the pool
 * gives it to the next request before the socket's close arrives, failing that request too.
 */
export class PooledClient extends Client {
  private failed = false;

  constructor(config?: string | ClientConfig) {
    super(config);
    this.on('error', (error: Error & { code?: string }) => this.logFailure(error));
    let connected = false;
    this.once('connect', () => (connected = true));
    // Registered before pg's own handler, so the client is ending before the query hears of it.
    this.connection.on('errorMessage', (message: Error & { severity?: string; code?: string }) => {
      // A refusal while connecting (57P03 starting up) is the connect's error, handled by pg-pool.
      if (!connected || !SESSION_ENDING.has(message.severity ?? '')) return;
      this.logFailure(message);
      void this.end();
    });
  }

  /** One line per connection: the server's FATAL and the socket closing come as two errors. */
  private logFailure(error: Error & { code?: string }): void {
    if (this.failed) return;
    this.failed = true;
    logger.warn(
      `a pooled database connection failed: ${error.code ? `${error.code} ` : ''}${error.message}`,
    );
  }
}
