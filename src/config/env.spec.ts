import { randomBytes } from 'node:crypto';
import { ConfigError, DEV_BILLING_KEY_ENCRYPTION_KEY, parseEnv } from './env';

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

/** A billing-key encryption key as an operator makes one: `openssl rand -base64 32`. */
const randomKey = () => randomBytes(32).toString('base64');
const BILLING_KEYS = `k1:${randomKey()}`;

/** The least a production start needs besides the Toss choice. */
const PRODUCTION = {
  NODE_ENV: 'production',
  JWT_SECRET: 'p'.repeat(32),
  BILLING_KEY_ENCRYPTION_KEYS: BILLING_KEYS,
};

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
      BILLING_KEY_ENCRYPTION_KEYS: BILLING_KEYS,
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
    expect(parseEnv({ ...PRODUCTION, SANDBOX_ENABLED: 'true' }).jwtSecret).toBe('p'.repeat(32));
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

describe('parseEnv: BILLING_KEY_ENCRYPTION_KEYS and TOSS_BILLING_TIMEOUT_MS', () => {
  const NAME = 'BILLING_KEY_ENCRYPTION_KEYS';
  const production = { ...PRODUCTION, SANDBOX_ENABLED: 'true' };

  it('reads the keyring in order, the first key current, each decoded to its 32 bytes', () => {
    const [one, two] = [randomBytes(32), randomBytes(32)];
    const env = parseEnv({
      ...production,
      [NAME]: ` new:${one.toString('base64')} , old-1:${two.toString('base64')}`,
    });
    expect(env.billingKeyEncryptionKeys).toEqual([
      { id: 'new', key: one },
      { id: 'old-1', key: two },
    ]);
    expect(env.billingKeyEncryptionDevKey).toBe(false);
  });

  it('uses the dev-only key, flagged for the start-up warning, when unset outside production', () => {
    const env = parseEnv({});
    expect(env.billingKeyEncryptionKeys).toEqual([DEV_BILLING_KEY_ENCRYPTION_KEY]);
    expect(env.billingKeyEncryptionDevKey).toBe(true);
  });

  const allSame = Buffer.alloc(32, 7).toString('base64');
  const counting = Buffer.from(Array.from({ length: 32 }, (_, i) => i % 8)).toString('base64');
  it.each([
    ['missing in production', { ...production, [NAME]: undefined }, 'is required'],
    ['blank in production', { ...production, [NAME]: '  ' }, 'is required'],
    ['no id', { [NAME]: randomKey() }, 'entry 1'],
    ['an empty id', { [NAME]: `:${randomKey()}` }, 'entry 1'],
    ['an id with a dot', { [NAME]: `k.1:${randomKey()}` }, 'entry 1'],
    ['an id over 16 characters', { [NAME]: `${'k'.repeat(17)}:${randomKey()}` }, 'entry 1'],
    ['a second entry without a key', { [NAME]: `k1:${randomKey()},k2:` }, 'entry 2'],
    ['16 bytes', { [NAME]: `k1:${randomBytes(16).toString('base64')}` }, '32 bytes'],
    ['33 bytes', { [NAME]: `k1:${randomBytes(33).toString('base64')}` }, '32 bytes'],
    ['not base64', { [NAME]: `k1:${'!'.repeat(44)}` }, '32 bytes'],
    ['hex, not base64', { [NAME]: `k1:${randomBytes(32).toString('hex')}` }, '32 bytes'],
    ['all bytes the same', { [NAME]: `k1:${allSame}` }, 'weak'],
    ['a short repeated pattern', { ...production, [NAME]: `k1:${counting}` }, 'weak'],
    [
      'the dev-only key in production',
      { ...production, [NAME]: `k1:${DEV_BILLING_KEY_ENCRYPTION_KEY.key.toString('base64')}` },
      'weak',
    ],
    ['one id twice', { [NAME]: `k1:${randomKey()},k1:${randomKey()}` }, 'twice'],
  ])('refuses %s, naming the variable on one line', (_case, raw, reason) => {
    const defined = Object.fromEntries(
      Object.entries(raw).filter((entry): entry is [string, string] => entry[1] !== undefined),
    );
    const error = failure(defined);
    expect(error.variable).toBe(NAME);
    expect(error.message).toContain(reason);
    expect(error.message).not.toContain('\n');
  });

  it('never puts a key into its error message', () => {
    const short = randomBytes(31).toString('base64');
    expect(failure({ [NAME]: `k1:${short}` }).message).not.toContain(short);
  });

  it.each([
    [{}, 60_000],
    [{ TOSS_BILLING_TIMEOUT_MS: '90000' }, 90_000],
  ])('reads TOSS_BILLING_TIMEOUT_MS (Toss: up to 60 s): %j → %i', (raw, ms) => {
    expect(parseEnv(raw).tossBillingTimeoutMs).toBe(ms);
  });

  it.each(['0', 'sixty', '300001'])('refuses TOSS_BILLING_TIMEOUT_MS=%s', (value) => {
    expect(failure({ TOSS_BILLING_TIMEOUT_MS: value }).variable).toBe('TOSS_BILLING_TIMEOUT_MS');
  });
});

describe('parseEnv: SUBSCRIPTION_SCHEDULER_INTERVAL_MS and SUBSCRIPTION_RETRY_DAYS', () => {
  it.each([
    [{}, 60_000, [1, 3, 5]],
    [{ SUBSCRIPTION_SCHEDULER_INTERVAL_MS: '0', SUBSCRIPTION_RETRY_DAYS: '2, 4' }, 0, [2, 4]],
    [{ SUBSCRIPTION_RETRY_DAYS: ' ' }, 60_000, [1, 3, 5]],
  ])('reads %j', (raw, intervalMs, days) => {
    const env = parseEnv(raw);
    expect([env.subscriptionSchedulerIntervalMs, env.subscriptionRetryDays]).toEqual([
      intervalMs,
      days,
    ]);
  });

  it.each([
    ['SUBSCRIPTION_SCHEDULER_INTERVAL_MS', '-1'],
    ['SUBSCRIPTION_SCHEDULER_INTERVAL_MS', 'often'],
    ['SUBSCRIPTION_RETRY_DAYS', '3,1'],
    ['SUBSCRIPTION_RETRY_DAYS', '1,x'],
    ['SUBSCRIPTION_RETRY_DAYS', '31'],
  ])('refuses %s=%s', (variable, value) => {
    expect(failure({ [variable]: value }).variable).toBe(variable);
  });
});
