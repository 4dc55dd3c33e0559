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
  sandboxEnabled?: boolean;
  sandboxWebhookUrl?: string;
  jwtSecret?: string;
  jwtExpiresInSeconds: number;
  adminEmail?: string;
  adminPassword?: string;
  frontendUrl?: string;
  orderTtlMinutes: number;
  reconcileIntervalMs: number;
  reconcileAfterMs: number;
  logLevel: string;
}

type Raw = Record<string, string | undefined>;

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

const SECRET_KEY = /^(test|live)_(sk|gsk)_[A-Za-z0-9_]+$/;
const CLIENT_KEY = /^(test|live)_(ck|gck)_[A-Za-z0-9_]+$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function parseEnv(raw: Raw = process.env): Env {
  const nodeEnv = text(raw, 'NODE_ENV') ?? 'development';
  const production = nodeEnv === 'production';

  const tossSecretKey = text(raw, 'TOSS_SECRET_KEY');
  if (tossSecretKey !== undefined && !SECRET_KEY.test(tossSecretKey)) {
    throw new ConfigError('TOSS_SECRET_KEY', 'must look like test_sk_…, live_sk_…, test_gsk_… or live_gsk_…');
  }
  const tossClientKey = text(raw, 'TOSS_CLIENT_KEY');
  if (tossClientKey !== undefined && !CLIENT_KEY.test(tossClientKey)) {
    throw new ConfigError('TOSS_CLIENT_KEY', 'must look like test_ck_…, live_ck_…, test_gck_… or live_gck_…');
  }
  if (tossSecretKey && tossClientKey && tossSecretKey.split('_')[0] !== tossClientKey.split('_')[0]) {
    throw new ConfigError('TOSS_CLIENT_KEY', 'must be of the same mode (test/live) as TOSS_SECRET_KEY');
  }
  const tossApiBaseUrl = url(raw, 'TOSS_API_BASE_URL', ['https:', 'http:']);
  if (tossSecretKey?.startsWith('live_') && tossApiBaseUrl && !tossApiBaseUrl.startsWith('https://')) {
    throw new ConfigError('TOSS_API_BASE_URL', 'must be https:// when TOSS_SECRET_KEY is a live key');
  }
  if (tossSecretKey?.startsWith('live_') && tossApiBaseUrl?.includes('/sandbox/')) {
    throw new ConfigError('TOSS_API_BASE_URL', 'points at a sandbox but TOSS_SECRET_KEY is a live key');
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
    throw new ConfigError(adminEmail ? 'ADMIN_PASSWORD' : 'ADMIN_EMAIL', 'must be set together with the other');
  }
  if (adminEmail !== undefined && !EMAIL.test(adminEmail)) {
    throw new ConfigError('ADMIN_EMAIL', 'is not an email address');
  }
  if (adminPassword !== undefined && (adminPassword.length < 8 || adminPassword.length > 72)) {
    throw new ConfigError('ADMIN_PASSWORD', 'must be 8 to 72 characters');
  }

  return {
    nodeEnv,
    port: int(raw, 'PORT', 3000, 0, 65535),
    databaseUrl: url(raw, 'DATABASE_URL', ['postgres:', 'postgresql:']),
    dataDir: text(raw, 'DATA_DIR') ?? './data',
    tossSecretKey,
    tossApiBaseUrl,
    tossClientKey,
    tossConnectTimeoutMs: int(raw, 'TOSS_CONNECT_TIMEOUT_MS', 5_000, 100, 60_000),
    tossReadTimeoutMs: int(raw, 'TOSS_READ_TIMEOUT_MS', 30_000, 100, 120_000),
    tossConfirmTimeoutMs: int(raw, 'TOSS_CONFIRM_TIMEOUT_MS', 60_000, 100, 120_000),
    sandboxEnabled: bool(raw, 'SANDBOX_ENABLED'),
    sandboxWebhookUrl: url(raw, 'SANDBOX_WEBHOOK_URL', ['http:', 'https:']),
    jwtSecret,
    jwtExpiresInSeconds: int(raw, 'JWT_EXPIRES_IN_SECONDS', 3600, 60, 30 * 24 * 3600),
    adminEmail: adminEmail?.toLowerCase(),
    adminPassword,
    frontendUrl: url(raw, 'FRONTEND_URL', ['http:', 'https:']),
    orderTtlMinutes: int(raw, 'ORDER_TTL_MINUTES', 30, 1, 7 * 24 * 60),
    reconcileIntervalMs: int(raw, 'RECONCILE_INTERVAL_MS', 30_000, 0, 24 * 3600_000),
    reconcileAfterMs: int(raw, 'RECONCILE_AFTER_MS', 60_000, 0, 24 * 3600_000),
    logLevel: text(raw, 'LOG_LEVEL') ?? (production ? 'info' : 'debug'),
  };
}
