/** How the sandbox is mounted; the standalone server (`npm run sandbox`) sets its own. */
export interface SandboxOptions {
  /** Where webhooks go; unset: tossConfig.sandboxWebhookUrl, else this process's /api/v1/webhooks/toss. */
  webhookUrl?: string;
  /** How often the worker looks for due webhooks and overdue payments. */
  pollIntervalMs?: number;
}

export const SANDBOX_OPTIONS = Symbol('SANDBOX_OPTIONS');

/** The service's own webhook receiver, relative to this process's HTTP server. */
export const DEFAULT_WEBHOOK_PATH = '/api/v1/webhooks/toss';
