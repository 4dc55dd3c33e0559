import { randomBytes } from 'node:crypto';
import { ConfigError, parseEnv } from './env';

const PROD = {
  NODE_ENV: 'production',
  JWT_SECRET: 'x'.repeat(32),
  TOSS_SECRET_KEY: 'live_sk_opsSpecKey',
  BILLING_KEY_ENCRYPTION_KEYS: `k1:${randomBytes(32).toString('base64')}`,
};

function failure(raw: Record<string, string>): string {
  try {
    parseEnv(raw);
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  throw new Error(`parseEnv accepted ${JSON.stringify(raw)}`);
}

describe('parseEnv: operations settings', () => {
  it('has safe defaults', () => {
    expect(parseEnv({})).toMatchObject({
      logLevel: 'debug',
      logFormat: 'pretty',
      corsOrigins: true,
      trustProxy: false,
      rateLimitWindowSeconds: 60,
      rateLimitGlobal: 1200,
      rateLimitAuthPerIp: 30,
      rateLimitAuthPerEmail: 10,
      rateLimitConfirmPerCustomer: 20,
      shutdownTimeoutMs: 25_000,
      databasePoolSize: 10,
    });
    expect(parseEnv({}).metricsToken).toBeUndefined();
    // Production: JSON logs at info, and no cross-origin access unless CORS_ORIGINS says so.
    expect(parseEnv(PROD)).toMatchObject({ logLevel: 'info', logFormat: 'json', corsOrigins: [] });
  });

  it('reads CORS_ORIGINS as a list of origins, or * for any', () => {
    expect(
      parseEnv({ ...PROD, CORS_ORIGINS: 'https://shop.example.com, http://localhost:5173/' })
        .corsOrigins,
    ).toEqual(['https://shop.example.com', 'http://localhost:5173']);
    expect(parseEnv({ ...PROD, CORS_ORIGINS: '*' }).corsOrigins).toBe(true);
    expect(failure({ CORS_ORIGINS: 'https://shop.example.com/path' })).toMatch(
      /^Invalid configuration: CORS_ORIGINS /,
    );
    expect(failure({ CORS_ORIGINS: 'shop.example.com' })).toMatch(/CORS_ORIGINS/);
  });

  it.each([
    ['LOG_LEVEL', 'verbose'],
    ['LOG_FORMAT', 'xml'],
    ['RATE_LIMIT_GLOBAL', '-1'],
    ['RATE_LIMIT_WINDOW_SECONDS', '0'],
    ['SHUTDOWN_TIMEOUT_MS', 'soon'],
    ['DATABASE_POOL_SIZE', '0'],
    ['METRICS_TOKEN', 'short'],
    ['TRUST_PROXY', 'maybe'],
    ['DATABASE_PREPARED_STATEMENTS', 'sometimes'],
  ])('refuses %s=%s with one line naming it', (name, value) => {
    expect(failure({ [name]: value })).toMatch(new RegExp(`^Invalid configuration: ${name} `));
  });

  it('reads the rest', () => {
    expect(
      parseEnv({
        LOG_LEVEL: 'WARN',
        LOG_FORMAT: 'json',
        TRUST_PROXY: '2',
        RATE_LIMIT_GLOBAL: '0',
        METRICS_TOKEN: 'a-long-enough-token',
        SHUTDOWN_TIMEOUT_MS: '5000',
        DATABASE_POOL_SIZE: '20',
        DATABASE_PREPARED_STATEMENTS: 'false',
      }),
    ).toMatchObject({
      logLevel: 'warn',
      logFormat: 'json',
      trustProxy: 2,
      rateLimitGlobal: 0,
      metricsToken: 'a-long-enough-token',
      shutdownTimeoutMs: 5000,
      databasePoolSize: 20,
      databasePreparedStatements: false,
    });
    expect(parseEnv({ TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(parseEnv({}).databasePreparedStatements).toBe(true);
  });

  it('reads REDIS_URL (shared rate-limit counters); unset means counting in memory', () => {
    expect(parseEnv({}).redisUrl).toBeUndefined();
    expect(parseEnv({ REDIS_URL: '  ' }).redisUrl).toBeUndefined();
    expect(parseEnv({ REDIS_URL: 'redis://:secret@cache.internal:6379/2' }).redisUrl).toBe(
      'redis://:secret@cache.internal:6379/2',
    );
    expect(parseEnv({ REDIS_URL: 'rediss://cache.internal:6380/' }).redisUrl).toBe(
      'rediss://cache.internal:6380',
    );
  });

  it.each([
    ['redis cache', /^Invalid configuration: REDIS_URL is not a valid URL$/],
    ['cache.internal:6379', /^Invalid configuration: REDIS_URL must use redis: or rediss:$/],
    ['http://cache.internal:6379', /^Invalid configuration: REDIS_URL must use redis: or rediss:$/],
  ])('refuses REDIS_URL=%s with one line naming it', (value, message) => {
    expect(failure({ REDIS_URL: value })).toMatch(message);
  });
});
