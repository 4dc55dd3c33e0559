import { registerAs } from '@nestjs/config';
import { parseEnv } from './env';

export const appConfig = registerAs('app', () => {
  const env = parseEnv();
  return {
    nodeEnv: env.nodeEnv,
    production: env.nodeEnv === 'production',
    port: env.port,
    /** Where redirect endpoints send the browser; FRONTEND_URL, else http://localhost:<PORT>/demo. */
    frontendUrl: env.frontendUrl,
    orderTtlMinutes: env.orderTtlMinutes,
    logLevel: env.logLevel,
    logFormat: env.logFormat,
  };
});

export const databaseConfig = registerAs('database', () => {
  const env = parseEnv();
  return {
    url: env.databaseUrl,
    dataDir: env.dataDir,
    poolSize: env.databasePoolSize,
    preparedStatements: env.databasePreparedStatements,
  };
});

export const authConfig = registerAs('auth', () => {
  const env = parseEnv();
  return {
    jwtSecret: env.jwtSecret,
    jwtExpiresInSeconds: env.jwtExpiresInSeconds,
    adminEmail: env.adminEmail,
    adminPassword: env.adminPassword,
  };
});

export const tossConfig = registerAs('toss', () => {
  const env = parseEnv();
  return {
    /** Unset: the built-in sandbox served by this process is used. */
    secretKey: env.tossSecretKey,
    apiBaseUrl: env.tossApiBaseUrl,
    clientKey: env.tossClientKey,
    connectTimeoutMs: env.tossConnectTimeoutMs,
    readTimeoutMs: env.tossReadTimeoutMs,
    // Toss documents no confirm timeout but 60 s for its other long calls, so confirm waits as long.
    confirmTimeoutMs: env.tossConfirmTimeoutMs,
    /** Retries, with the same Idempotency-Key, of a confirm or cancel whose outcome we did not see. */
    confirmRetries: env.tossConfirmRetries,
    /** A billing charge may take Toss 60 s (https://docs.tosspayments.com/reference#자동결제-승인). */
    billingTimeoutMs: env.tossBillingTimeoutMs,
    sandboxEnabled: env.sandboxEnabled,
    sandboxWebhookUrl: env.sandboxWebhookUrl,
    reconcileIntervalMs: env.reconcileIntervalMs,
    reconcileAfterMs: env.reconcileAfterMs,
    /** The slow pass: re-read recently paid orders (console cancels) and expire overdue virtual accounts. */
    reconcileAuditIntervalMs: env.reconcileAuditIntervalMs,
    reconcileAuditDays: env.reconcileAuditDays,
  };
});

/** What operators tune: CORS, proxies, rate limits, the metrics token, the shutdown grace period. */
export const opsConfig = registerAs('ops', () => {
  const env = parseEnv();
  return {
    corsOrigins: env.corsOrigins,
    trustProxy: env.trustProxy,
    rateLimit: {
      windowSeconds: env.rateLimitWindowSeconds,
      global: env.rateLimitGlobal,
      authPerIp: env.rateLimitAuthPerIp,
      authPerEmail: env.rateLimitAuthPerEmail,
      confirmPerCustomer: env.rateLimitConfirmPerCustomer,
      /** Counters shared by every instance in this Redis; unset: each instance counts alone. */
      redisUrl: env.redisUrl,
    },
    metricsToken: env.metricsToken,
    shutdownTimeoutMs: env.shutdownTimeoutMs,
  };
});

/** Billing keys at rest: the keyring that seals and opens them (src/billing/billing-key-cipher.ts). */
export const billingConfig = registerAs('billing', () => {
  const env = parseEnv();
  return {
    encryptionKeys: env.billingKeyEncryptionKeys,
    /** BILLING_KEY_ENCRYPTION_KEYS unset outside production: warned at start-up. */
    devKey: env.billingKeyEncryptionDevKey,
  };
});

/** Recurring payments: the scheduler's interval and the soft-decline retry days. */
export const subscriptionsConfig = registerAs('subscriptions', () => {
  const env = parseEnv();
  return {
    schedulerIntervalMs: env.subscriptionSchedulerIntervalMs,
    retryDays: env.subscriptionRetryDays,
  };
});

export type AppConfig = ReturnType<typeof appConfig>;
export type DatabaseConfig = ReturnType<typeof databaseConfig>;
export type AuthConfig = ReturnType<typeof authConfig>;
export type TossConfig = ReturnType<typeof tossConfig>;
export type OpsConfig = ReturnType<typeof opsConfig>;
export type BillingConfig = ReturnType<typeof billingConfig>;
export type SubscriptionsConfig = ReturnType<typeof subscriptionsConfig>;
