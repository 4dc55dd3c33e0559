import { registerAs } from '@nestjs/config';
import { parseEnv } from './env';

export const appConfig = registerAs('app', () => {
  const env = parseEnv();
  return {
    nodeEnv: env.nodeEnv,
    production: env.nodeEnv === 'production',
    port: env.port,
    /** Where redirect endpoints send the browser; unset means this service's own /demo. */
    frontendUrl: env.frontendUrl,
    orderTtlMinutes: env.orderTtlMinutes,
    logLevel: env.logLevel,
  };
});

export const databaseConfig = registerAs('database', () => {
  const env = parseEnv();
  return { url: env.databaseUrl, dataDir: env.dataDir };
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
    sandboxEnabled: env.sandboxEnabled ?? env.nodeEnv !== 'production',
    sandboxWebhookUrl: env.sandboxWebhookUrl,
    reconcileIntervalMs: env.reconcileIntervalMs,
    reconcileAfterMs: env.reconcileAfterMs,
  };
});

export type AppConfig = ReturnType<typeof appConfig>;
export type DatabaseConfig = ReturnType<typeof databaseConfig>;
export type AuthConfig = ReturnType<typeof authConfig>;
export type TossConfig = ReturnType<typeof tossConfig>;
