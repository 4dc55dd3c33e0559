import type { EncryptionKey } from '../billing/billing-key-cipher';
import { parseRetryDays } from '../subscriptions/retry-schedule';

/**
 * The one place that reads process.env. Every variable is parsed and checked here so that a bad
 * value stops start-up with one line naming the variable, before anything else runs.
 */
export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    reason: string,
  ) {
    super(`Invalid configuration: ${variable} ${reason}`);
  }
}

export interface Env {
  nodeEnv: string;
  port: number;
  databaseUrl?: string;
  dataDir: string;
  tossSecretKey?: string;
  tossApiBaseUrl?: string;
  tossClientKey?: string;
  tossConfirmTimeoutMs: number;
  tossConnectTimeoutMs: number;
  tossReadTimeoutMs: number;
  tossConfirmRetries: number;
  /** Read timeout of a billing charge (Toss: up to 60 s). */
  tossBillingTimeoutMs: number;
  /** BILLING_KEY_ENCRYPTION_KEYS: the first seals new billing keys, all open (src/billing/billing-key-cipher.ts). */
  billingKeyEncryptionKeys: EncryptionKey[];
  /** No BILLING_KEY_ENCRYPTION_KEYS outside production: a dev-only key is in use (warned at start-up). */
  billingKeyEncryptionDevKey: boolean;
  /** Mount the built-in Toss sandbox (/sandbox/…), decided by sandboxMounted(). */
  sandboxEnabled: boolean;
  sandboxWebhookUrl?: string;
  jwtSecret?: string;
  jwtExpiresInSeconds: number;
  adminEmail?: string;
  adminPassword?: string;
  /** Where the redirect endpoints send the browser; unset: this service's own demo shop. */
  frontendUrl: string;
  orderTtlMinutes: number;
  reconcileIntervalMs: number;
  reconcileAfterMs: number;
  reconcileAuditIntervalMs: number;
  reconcileAuditDays: number;
  /** How often the subscription scheduler looks for due charges; 0: never (one-shot script only). */
  subscriptionSchedulerIntervalMs: number;
  /** Days after a period's first soft decline when it is retried (src/subscriptions/retry-schedule.ts). */
  subscriptionRetryDays: readonly number[];
  logLevel: string;
  logFormat: 'json' | 'pretty';
  /** Allowed browser origins; `true`: any (reflected), `[]`: none. */
  corsOrigins: string[] | true;
  trustProxy: boolean | number;
  rateLimitWindowSeconds: number;
  rateLimitGlobal: number;
  rateLimitAuthPerIp: number;
  rateLimitAuthPerEmail: number;
  rateLimitConfirmPerCustomer: number;
  /** Where rate-limit counters are shared between instances; unset: each instance counts in memory. */
  redisUrl?: string;
  metricsToken?: string;
  shutdownTimeoutMs: number;
  databasePoolSize: number;
  /** Prepare hot statements per connection; off behind a transaction-mode pooler that cannot keep them. */
  databasePreparedStatements: boolean;
}

type Raw = Record<string, string | undefined>;

/** DATA_DIR unset; as root, when the OS user `postgres` cannot reach it, the data moves (embedded-postgres.ts). */
export const DEFAULT_DATA_DIR = './data';

function text(raw: Raw, name: string): string | undefined {
  const value = raw[name];
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

function int(raw: Raw, name: string, fallback: number, min: number, max: number): number {
  const value = text(raw, name);
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
    throw new ConfigError(name, `must be a whole number from ${min} to ${max} (got "${value}")`);
  }
  return Number(value);
}

function bool(raw: Raw, name: string): boolean | undefined {
  const value = text(raw, name);
  if (value === undefined) return undefined;
  if (['true', '1', 'yes'].includes(value.toLowerCase())) return true;
  if (['false', '0', 'no'].includes(value.toLowerCase())) return false;
  throw new ConfigError(name, `must be true or false (got "${value}")`);
}

function url(raw: Raw, name: string, protocols: string[]): string | undefined {
  const value = text(raw, name);
  if (value === undefined) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    throw new ConfigError(name, 'is not a valid URL');
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new ConfigError(name, `must use ${protocols.join(' or ')}`);
  }
  return value.replace(/\/+$/, '');
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

function oneOf<T extends string>(raw: Raw, name: string, allowed: readonly T[], fallback: T): T {
  const value = text(raw, name)?.toLowerCase();
  if (value === undefined) return fallback;
  if (!allowed.includes(value as T))
    throw new ConfigError(name, `must be one of ${allowed.join(', ')} (got "${value}")`);
  return value as T;
}

/** CORS_ORIGINS: a comma list of origins (`https://shop.example.com`), or `*` for any. */
function origins(raw: Raw, production: boolean): string[] | true {
  const value = text(raw, 'CORS_ORIGINS');
  // Unset: no cross-origin browser access in production, any origin in development.
  if (value === undefined) return production ? [] : true;
  if (value === '*') return true;
  return value.split(',').map((entry) => {
    const origin = entry.trim().replace(/\/+$/, '');
    let parsed: URL | undefined;
    try {
      parsed = new URL(origin);
    } catch {
      parsed = undefined;
    }
    if (!parsed || !['http:', 'https:'].includes(parsed.protocol) || parsed.origin !== origin) {
      throw new ConfigError(
        'CORS_ORIGINS',
        `must be a comma list of origins like https://shop.example.com, or * (got "${entry.trim()}")`,
      );
    }
    return origin;
  });
}

/** TRUST_PROXY: true/false, or how many proxy hops to trust for the client IP. */
function trustProxy(raw: Raw): boolean | number {
  const value = text(raw, 'TRUST_PROXY');
  if (value !== undefined && /^\d+$/.test(value)) return int(raw, 'TRUST_PROXY', 0, 0, 10);
  return bool(raw, 'TRUST_PROXY') ?? false;
}

/**
 * Only for development, like the dev JWT key: the app warns when it is in use. Its bytes fail the
 * weak-key rule, so it cannot be configured by name anywhere.
 */
export const DEV_BILLING_KEY_ENCRYPTION_KEY: EncryptionKey = {
  id: 'dev',
  key: Buffer.from('dev-only-billing-key-never-prod!', 'utf8'),
};
const KEY_ID = /^[A-Za-z0-9_-]{1,16}$/;
/** A random 32-byte key has about 30 distinct byte values; fewer than this is not random. */
const MIN_DISTINCT_KEY_BYTES = 16;

/**
 * BILLING_KEY_ENCRYPTION_KEYS: `id1:base64key1,id2:base64key2`, the first the current one; each
 * key 32 random bytes (`openssl rand -base64 32`). Required in production.
 */
function encryptionKeys(raw: Raw, production: boolean): { keys: EncryptionKey[]; devKey: boolean } {
  const name = 'BILLING_KEY_ENCRYPTION_KEYS';
  const value = text(raw, name);
  if (value === undefined) {
    if (production) throw new ConfigError(name, 'is required when NODE_ENV=production');
    return { keys: [DEV_BILLING_KEY_ENCRYPTION_KEY], devKey: true };
  }
  const keys = value.split(',').map((entry, index): EncryptionKey => {
    const [id, encoded, ...rest] = entry.trim().split(':');
    if (rest.length > 0 || !id || !KEY_ID.test(id) || !encoded) {
      throw new ConfigError(
        name,
        `entry ${index + 1} must be <id>:<base64 of 32 bytes>, the id 1 to 16 of A-Z a-z 0-9 _ -`,
      );
    }
    const key = /^[A-Za-z0-9+/]+={0,2}$/.test(encoded) ? Buffer.from(encoded, 'base64') : null;
    if (!key || key.length !== 32) {
      throw new ConfigError(
        name,
        `key "${id}" must be 32 bytes in base64 (openssl rand -base64 32)`,
      );
    }
    if (new Set(key).size < MIN_DISTINCT_KEY_BYTES) {
      throw new ConfigError(
        name,
        `key "${id}" is weak: use 32 random bytes (openssl rand -base64 32)`,
      );
    }
    return { id, key };
  });
  const ids = keys.map((entry) => entry.id);
  const repeated = ids.find((id, index) => ids.indexOf(id) !== index);
  if (repeated) throw new ConfigError(name, `names key "${repeated}" twice`);
  return { keys, devKey: false };
}

/** SUBSCRIPTION_RETRY_DAYS (src/subscriptions/retry-schedule.ts parses it). */
function retryDays(raw: Raw): readonly number[] {
  const parsed = parseRetryDays(raw.SUBSCRIPTION_RETRY_DAYS);
  if (parsed.kind === 'invalid') throw new ConfigError('SUBSCRIPTION_RETRY_DAYS', parsed.reason);
  return parsed.days;
}

const SECRET_KEY = /^(test|live)_(sk|gsk)_[A-Za-z0-9_]+$/;
const CLIENT_KEY = /^(test|live)_(ck|gck)_[A-Za-z0-9_]+$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * SANDBOX_ENABLED, else on outside production. Never with a live secret key: the sandbox's test
 * controls (/sandbox/toss/test/…: authorize, deposit, faults, clock) take no login, and with real
 * money behind the app nobody may reach them, so asking for both stops start-up.
 */
function sandboxMounted(raw: Raw, production: boolean, tossSecretKey: string | undefined): boolean {
  const asked = bool(raw, 'SANDBOX_ENABLED');
  const liveKey = tossSecretKey?.startsWith('live_') ?? false;
  if (asked === true && liveKey) {
    throw new ConfigError(
      'SANDBOX_ENABLED',
      'must not be true when TOSS_SECRET_KEY is a live key: the sandbox test controls take no login (set SANDBOX_ENABLED=false)',
    );
  }
  return asked ?? (!production && !liveKey);
}

export function parseEnv(raw: Raw = process.env): Env {
  const nodeEnv = text(raw, 'NODE_ENV') ?? 'development';
  const production = nodeEnv === 'production';

  const tossSecretKey = text(raw, 'TOSS_SECRET_KEY');
  if (tossSecretKey !== undefined && !SECRET_KEY.test(tossSecretKey)) {
    throw new ConfigError(
      'TOSS_SECRET_KEY',
      'must look like test_sk_…, live_sk_…, test_gsk_… or live_gsk_…',
    );
  }
  const tossClientKey = text(raw, 'TOSS_CLIENT_KEY');
  if (tossClientKey !== undefined && !CLIENT_KEY.test(tossClientKey)) {
    throw new ConfigError(
      'TOSS_CLIENT_KEY',
      'must look like test_ck_…, live_ck_…, test_gck_… or live_gck_…',
    );
  }
  if (tossClientKey && !tossSecretKey) {
    // The browser would open Toss's real window while confirms went to the built-in sandbox.
    throw new ConfigError(
      'TOSS_CLIENT_KEY',
      'is set but TOSS_SECRET_KEY is not: set both (a key pair from the same Toss account) or neither (the built-in sandbox)',
    );
  }
  if (
    tossSecretKey &&
    tossClientKey &&
    tossSecretKey.split('_')[0] !== tossClientKey.split('_')[0]
  ) {
    throw new ConfigError(
      'TOSS_CLIENT_KEY',
      'must be of the same mode (test/live) as TOSS_SECRET_KEY',
    );
  }
  const tossApiBaseUrl = url(raw, 'TOSS_API_BASE_URL', ['https:', 'http:']);
  if (
    tossSecretKey?.startsWith('live_') &&
    tossApiBaseUrl &&
    !tossApiBaseUrl.startsWith('https://')
  ) {
    throw new ConfigError(
      'TOSS_API_BASE_URL',
      'must be https:// when TOSS_SECRET_KEY is a live key',
    );
  }
  if (tossSecretKey?.startsWith('live_') && tossApiBaseUrl?.includes('/sandbox/')) {
    throw new ConfigError(
      'TOSS_API_BASE_URL',
      'points at a sandbox but TOSS_SECRET_KEY is a live key',
    );
  }

  const sandboxEnabled = sandboxMounted(raw, production, tossSecretKey);
  if (production && !tossSecretKey && !sandboxEnabled) {
    // Without a key the service talks to its own sandbox, which production does not mount.
    throw new ConfigError(
      'TOSS_SECRET_KEY',
      'is required when NODE_ENV=production (or set SANDBOX_ENABLED=true to run on the built-in sandbox)',
    );
  }

  const jwtSecret = text(raw, 'JWT_SECRET');
  if (production && jwtSecret === undefined) {
    throw new ConfigError('JWT_SECRET', 'is required when NODE_ENV=production');
  }
  if (jwtSecret !== undefined && jwtSecret.length < 32) {
    throw new ConfigError('JWT_SECRET', 'must be at least 32 characters');
  }

  const adminEmail = text(raw, 'ADMIN_EMAIL');
  const adminPassword = text(raw, 'ADMIN_PASSWORD');
  if ((adminEmail === undefined) !== (adminPassword === undefined)) {
    throw new ConfigError(
      adminEmail ? 'ADMIN_PASSWORD' : 'ADMIN_EMAIL',
      'must be set together with the other',
    );
  }
  if (adminEmail !== undefined && !EMAIL.test(adminEmail)) {
    throw new ConfigError('ADMIN_EMAIL', 'is not an email address');
  }
  if (adminPassword !== undefined && (adminPassword.length < 8 || adminPassword.length > 72)) {
    throw new ConfigError('ADMIN_PASSWORD', 'must be 8 to 72 characters');
  }
  const metricsToken = text(raw, 'METRICS_TOKEN');
  if (metricsToken !== undefined && (metricsToken.length < 16 || /\s/.test(metricsToken))) {
    throw new ConfigError('METRICS_TOKEN', 'must be at least 16 characters without spaces');
  }

  const billingKeys = encryptionKeys(raw, production);

  const port = int(raw, 'PORT', 3000, 0, 65535);
  return {
    nodeEnv,
    port,
    databaseUrl: url(raw, 'DATABASE_URL', ['postgres:', 'postgresql:']),
    dataDir: text(raw, 'DATA_DIR') ?? DEFAULT_DATA_DIR,
    tossSecretKey,
    tossApiBaseUrl,
    tossClientKey,
    tossConnectTimeoutMs: int(raw, 'TOSS_CONNECT_TIMEOUT_MS', 5_000, 100, 60_000),
    tossReadTimeoutMs: int(raw, 'TOSS_READ_TIMEOUT_MS', 30_000, 100, 120_000),
    tossConfirmTimeoutMs: int(raw, 'TOSS_CONFIRM_TIMEOUT_MS', 60_000, 100, 120_000),
    tossConfirmRetries: int(raw, 'TOSS_CONFIRM_RETRIES', 2, 0, 10),
    tossBillingTimeoutMs: int(raw, 'TOSS_BILLING_TIMEOUT_MS', 60_000, 100, 300_000),
    billingKeyEncryptionKeys: billingKeys.keys,
    billingKeyEncryptionDevKey: billingKeys.devKey,
    sandboxEnabled,
    sandboxWebhookUrl: url(raw, 'SANDBOX_WEBHOOK_URL', ['http:', 'https:']),
    jwtSecret,
    jwtExpiresInSeconds: int(raw, 'JWT_EXPIRES_IN_SECONDS', 3600, 60, 30 * 24 * 3600),
    adminEmail: adminEmail?.toLowerCase(),
    adminPassword,
    frontendUrl: url(raw, 'FRONTEND_URL', ['http:', 'https:']) ?? `http://localhost:${port}/demo`,
    orderTtlMinutes: int(raw, 'ORDER_TTL_MINUTES', 30, 1, 7 * 24 * 60),
    reconcileIntervalMs: int(raw, 'RECONCILE_INTERVAL_MS', 30_000, 0, 24 * 3600_000),
    reconcileAfterMs: int(raw, 'RECONCILE_AFTER_MS', 60_000, 0, 24 * 3600_000),
    reconcileAuditIntervalMs: int(
      raw,
      'RECONCILE_AUDIT_INTERVAL_MS',
      3600_000,
      0,
      7 * 24 * 3600_000,
    ),
    reconcileAuditDays: int(raw, 'RECONCILE_AUDIT_DAYS', 7, 1, 365),
    subscriptionSchedulerIntervalMs: int(
      raw,
      'SUBSCRIPTION_SCHEDULER_INTERVAL_MS',
      60_000,
      0,
      24 * 3600_000,
    ),
    subscriptionRetryDays: retryDays(raw),
    logLevel: oneOf(raw, 'LOG_LEVEL', LOG_LEVELS, production ? 'info' : 'debug'),
    logFormat: oneOf(
      raw,
      'LOG_FORMAT',
      ['json', 'pretty'] as const,
      production ? 'json' : 'pretty',
    ),
    corsOrigins: origins(raw, production),
    trustProxy: trustProxy(raw),
    // Rate limits (0 turns one off); counted per instance, or in Redis for all (README, Operations).
    rateLimitWindowSeconds: int(raw, 'RATE_LIMIT_WINDOW_SECONDS', 60, 1, 24 * 3600),
    rateLimitGlobal: int(raw, 'RATE_LIMIT_GLOBAL', 1200, 0, 1_000_000_000),
    rateLimitAuthPerIp: int(raw, 'RATE_LIMIT_AUTH_PER_IP', 30, 0, 1_000_000_000),
    rateLimitAuthPerEmail: int(raw, 'RATE_LIMIT_AUTH_PER_EMAIL', 10, 0, 1_000_000_000),
    rateLimitConfirmPerCustomer: int(raw, 'RATE_LIMIT_CONFIRM_PER_CUSTOMER', 20, 0, 1_000_000_000),
    redisUrl: url(raw, 'REDIS_URL', ['redis:', 'rediss:']),
    metricsToken,
    shutdownTimeoutMs: int(raw, 'SHUTDOWN_TIMEOUT_MS', 25_000, 0, 600_000),
    databasePoolSize: int(raw, 'DATABASE_POOL_SIZE', 10, 1, 500),
    databasePreparedStatements: bool(raw, 'DATABASE_PREPARED_STATEMENTS') ?? true,
  };
}
