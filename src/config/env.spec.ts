import { ConfigError, parseEnv } from './env';

/** parseEnv's failure for `raw`: a ConfigError whose single-line message names `variable`. */
function failure(raw: Record<string, string>): ConfigError {
  try {
    parseEnv(raw);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error(`parseEnv accepted ${JSON.stringify(raw)}`);
}

/** The least a production start needs besides the Toss choice. */
const PRODUCTION = { NODE_ENV: 'production', JWT_SECRET: 'p'.repeat(32) };

describe('parseEnv', () => {
  it('has the documented defaults for an empty environment', () => {
    const env = parseEnv({});
    expect(env).toMatchObject({
      nodeEnv: 'development',
      port: 3000,
      dataDir: './data',
      orderTtlMinutes: 30,
      jwtExpiresInSeconds: 3600,
    });
    expect(env.databaseUrl).toBeUndefined();
    expect(env.tossSecretKey).toBeUndefined();
    expect(env.jwtSecret).toBeUndefined();
    expect(env.adminEmail).toBeUndefined();
  });

  it('does not read process.env when given an environment', () => {
    const saved = process.env.PORT;
    process.env.PORT = 'not-a-port';
    try {
      expect(parseEnv({ PORT: '8080' }).port).toBe(8080);
    } finally {
      if (saved === undefined) delete process.env.PORT;
      else process.env.PORT = saved;
    }
  });

  it('reads a full, valid production configuration', () => {
    const env = parseEnv({
      NODE_ENV: 'production',
      PORT: ' 8080 ',
      DATABASE_URL: 'postgresql://app:secret@db.internal:5432/payments',
      TOSS_SECRET_KEY: 'live_sk_abcDEF123',
      TOSS_CLIENT_KEY: 'live_ck_abcDEF123',
      TOSS_API_BASE_URL: 'https://api.tosspayments.com/',
      JWT_SECRET: 's'.repeat(32),
      ADMIN_EMAIL: 'Admin@Shop.KR',
      ADMIN_PASSWORD: 'admin-password',
      FRONTEND_URL: 'https://shop.example.com',
      ORDER_TTL_MINUTES: '15',
    });
    expect(env).toMatchObject({
      nodeEnv: 'production',
      port: 8080,
      databaseUrl: 'postgresql://app:secret@db.internal:5432/payments',
      tossApiBaseUrl: 'https://api.tosspayments.com',
      adminEmail: 'admin@shop.kr',
      orderTtlMinutes: 15,
    });
  });

  it('treats blank values as unset', () => {
    expect(
      parseEnv({ PORT: '  ', DATABASE_URL: '', ADMIN_EMAIL: ' ', ADMIN_PASSWORD: '' }),
    ).toMatchObject({ port: 3000 });
  });

  it.each([
    ['PORT', { PORT: 'abc' }],
    ['PORT', { PORT: '70000' }],
    ['PORT', { PORT: '-1' }],
    ['PORT', { PORT: '3000.5' }],
    ['PORT', { PORT: '0x50' }],
    ['DATABASE_URL', { DATABASE_URL: 'not a url' }],
    ['DATABASE_URL', { DATABASE_URL: 'mysql://u:p@localhost/db' }],
    ['DATABASE_URL', { DATABASE_URL: 'localhost:5432/db' }],
    ['TOSS_API_BASE_URL', { TOSS_API_BASE_URL: 'api.tosspayments.com' }],
    ['TOSS_API_BASE_URL', { TOSS_API_BASE_URL: 'ftp://api.tosspayments.com' }],
    [
      'TOSS_API_BASE_URL',
      { TOSS_SECRET_KEY: 'live_sk_abc123', TOSS_API_BASE_URL: 'http://api.tosspayments.com' },
    ],
    [
      'TOSS_API_BASE_URL',
      {
        TOSS_SECRET_KEY: 'live_sk_abc123',
        TOSS_API_BASE_URL: 'https://shop.example.com/sandbox/toss',
      },
    ],
    ['TOSS_SECRET_KEY', { TOSS_SECRET_KEY: 'sk_abc123' }],
    ['TOSS_SECRET_KEY', { TOSS_SECRET_KEY: 'test_ck_abc123' }],
    ['TOSS_CLIENT_KEY', { TOSS_CLIENT_KEY: 'test_sk_abc123' }],
    ['TOSS_CLIENT_KEY', { TOSS_CLIENT_KEY: 'test_ck_abc123' }],
    ['TOSS_CLIENT_KEY', { TOSS_SECRET_KEY: 'live_sk_abc123', TOSS_CLIENT_KEY: 'test_ck_abc123' }],
    ['JWT_SECRET', { NODE_ENV: 'production', SANDBOX_ENABLED: 'true' }],
    ['JWT_SECRET', { NODE_ENV: 'production', SANDBOX_ENABLED: 'true', JWT_SECRET: '   ' }],
    ['TOSS_SECRET_KEY', { NODE_ENV: 'production', JWT_SECRET: 'p'.repeat(32) }],
    ['JWT_SECRET', { JWT_SECRET: 'too-short' }],
    ['ADMIN_PASSWORD', { ADMIN_EMAIL: 'admin@shop.kr' }],
    ['ADMIN_EMAIL', { ADMIN_PASSWORD: 'admin-password' }],
    ['ADMIN_EMAIL', { ADMIN_EMAIL: 'not-an-email', ADMIN_PASSWORD: 'admin-password' }],
    ['ADMIN_PASSWORD', { ADMIN_EMAIL: 'admin@shop.kr', ADMIN_PASSWORD: 'short' }],
    ['ADMIN_PASSWORD', { ADMIN_EMAIL: 'admin@shop.kr', ADMIN_PASSWORD: 'p'.repeat(73) }],
    ['FRONTEND_URL', { FRONTEND_URL: 'javascript:alert(1)' }],
    ['ORDER_TTL_MINUTES', { ORDER_TTL_MINUTES: '0' }],
    ['ORDER_TTL_MINUTES', { ORDER_TTL_MINUTES: 'thirty' }],
    ['JWT_EXPIRES_IN_SECONDS', { JWT_EXPIRES_IN_SECONDS: '10' }],
    ['SANDBOX_ENABLED', { SANDBOX_ENABLED: 'maybe' }],
  ])('stops with one line naming %s for %j', (variable, raw) => {
    const error = failure(raw);
    expect(error.variable).toBe(variable);
    expect(error.message).toContain(variable);
    expect(error.message).not.toContain('\n');
  });

  it('accepts a live key with an https base URL, and a test key with an http one (a local emulator)', () => {
    expect(
      parseEnv({
        TOSS_SECRET_KEY: 'live_sk_abc123',
        TOSS_API_BASE_URL: 'https://api.tosspayments.com',
      }).tossApiBaseUrl,
    ).toBe('https://api.tosspayments.com');
    expect(
      parseEnv({
        TOSS_SECRET_KEY: 'test_sk_abc123',
        TOSS_API_BASE_URL: 'http://localhost:3000/sandbox/toss',
      }).tossApiBaseUrl,
    ).toBe('http://localhost:3000/sandbox/toss');
  });

  it('accepts no JWT_SECRET outside production (the app warns and uses a dev key)', () => {
    expect(parseEnv({ NODE_ENV: 'development' }).jwtSecret).toBeUndefined();
    expect(
      parseEnv({ NODE_ENV: 'production', SANDBOX_ENABLED: 'true', JWT_SECRET: 'p'.repeat(32) })
        .jwtSecret,
    ).toBe('p'.repeat(32));
  });

  it.each([
    ['0', 0],
    ['65535', 65535],
  ])('accepts PORT=%s', (value, port) => {
    expect(parseEnv({ PORT: value }).port).toBe(port);
  });

  it.each([
    ['development, no key', {}, true],
    ['development, a test key', { TOSS_SECRET_KEY: 'test_sk_abc123' }, true],
    ['development, a live key', { TOSS_SECRET_KEY: 'live_sk_abc123' }, false],
    ['development, a live widget key', { TOSS_SECRET_KEY: 'live_gsk_abc123' }, false],
    ['development, turned off', { SANDBOX_ENABLED: 'false' }, false],
    ['production, no key, asked for', { ...PRODUCTION, SANDBOX_ENABLED: 'true' }, true],
    ['production, a test key', { ...PRODUCTION, TOSS_SECRET_KEY: 'test_sk_abc123' }, false],
    [
      'production, a test key, asked for',
      { ...PRODUCTION, TOSS_SECRET_KEY: 'test_sk_abc123', SANDBOX_ENABLED: 'true' },
      true,
    ],
    ['production, a live key', { ...PRODUCTION, TOSS_SECRET_KEY: 'live_sk_abc123' }, false],
  ])('mounts the sandbox (%s): %j → %s', (_case, raw, mounted) => {
    expect(parseEnv(raw).sandboxEnabled).toBe(mounted);
  });

  it.each([
    ['development', { TOSS_SECRET_KEY: 'live_sk_abc123', SANDBOX_ENABLED: 'true' }],
    ['development', { TOSS_SECRET_KEY: 'live_gsk_abc123', SANDBOX_ENABLED: 'yes' }],
    ['production', { ...PRODUCTION, TOSS_SECRET_KEY: 'live_sk_abc123', SANDBOX_ENABLED: '1' }],
  ])(
    'refuses to mount the sandbox, whose test controls take no login, beside a live key (%s)',
    (_mode, raw) => {
      const error = failure(raw);
      expect(error.variable).toBe('SANDBOX_ENABLED');
      expect(error.message).toContain('live key');
    },
  );

  it.each([
    [{}, 'http://localhost:3000/demo'],
    [{ PORT: '8080' }, 'http://localhost:8080/demo'],
    [{ FRONTEND_URL: 'https://shop.example.com/' }, 'https://shop.example.com'],
  ])('sends redirects to FRONTEND_URL, else this service’s demo shop: %j → %s', (raw, url) => {
    expect(parseEnv(raw).frontendUrl).toBe(url);
  });
});
