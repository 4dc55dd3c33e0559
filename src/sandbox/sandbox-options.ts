/** How the sandbox is mounted; the standalone server (`npm run sandbox`) sets its own. */
export interface SandboxOptions {
  /**
   * Where webhooks go; unset: tossConfig.sandboxWebhookUrl, else this process's /api/v1/webhooks/toss.
   * null: no endpoint is registered, as on a Toss account without one, so none are queued or sent.
   */
  webhookUrl?: string | null;
  /** How often the worker looks for due webhooks and overdue payments. */
  pollIntervalMs?: number;
}

export const SANDBOX_OPTIONS = Symbol('SANDBOX_OPTIONS');

/** The webhooks a status change queues: none when no endpoint is registered. */
export function webhooksFor<T>(options: SandboxOptions, deliveries: T[]): T[] {
  return options.webhookUrl === null ? [] : deliveries;
}

/** The service's own webhook receiver, relative to this process's HTTP server. */
export const DEFAULT_WEBHOOK_PATH = '/api/v1/webhooks/toss';
