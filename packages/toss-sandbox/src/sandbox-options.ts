/** How the sandbox is mounted: by an app in its own process, or by the standalone server. */
export interface SandboxOptions {
  /** The PostgreSQL database; the sandbox keeps its tables in its own schema there (toss_sandbox). */
  databaseUrl: string;
  /**
   * Where webhooks go. null: no endpoint is registered, as on a Toss account without one, so none
   * are queued or sent. Unset: `webhookPath` on this process's own HTTP server.
   */
  webhookUrl?: string | null;
  /** With no webhookUrl: the path of the receiver on this process's HTTP server (a mounting app's). */
  webhookPath?: string;
  /** How often the worker looks for due webhooks and overdue payments. */
  pollIntervalMs?: number;
  /** The sandbox's own connection pool (default 10). */
  poolSize?: number;
  /** Prepare parameterised statements once per connection (default true). */
  preparedStatements?: boolean;
  /** false: commits do not wait for the disk (the standalone server does so). */
  synchronousCommit?: boolean;
}

export const SANDBOX_OPTIONS = Symbol('SANDBOX_OPTIONS');

/** The webhooks a status change queues: none when no endpoint is registered. */
export function webhooksFor<T>(options: Pick<SandboxOptions, 'webhookUrl'>, deliveries: T[]): T[] {
  return options.webhookUrl === null ? [] : deliveries;
}
