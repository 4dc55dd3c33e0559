import { randomUUID } from 'node:crypto';
import { admin, customer, login, SignedIn } from '../factories/auth.factory';
import { expectErrorBody, invalidFields, UUID_V4 } from '../factories/http.factory';
import { jwtClaims, signJwt } from '../factories/jwt.factory';
import { startTestApp, TEST_ADMIN, TestApp } from '../setup/test-app';

const JWT_SECRET = 'auth-e2e-secret-with-at-least-32-characters';

const uniqueEmail = () => `u-${randomUUID()}@test.local`;

describe('auth (e2e)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ env: { JWT_SECRET } });
  });
  afterAll(() => t.close());

  describe('POST /api/v1/auth/register', () => {
    const valid = () => ({ email: uniqueEmail(), password: 'password-1', name: '김토스' });

    it('creates a customer and answers {id, email, name, role} without any secret', async () => {
      const body = valid();
      const res = await t.http.post('/api/v1/auth/register').send(body).expect(201);
      expect(res.body).toEqual({
        id: expect.any(String),
        email: body.email,
        name: '김토스',
        role: 'customer',
      });
    });

    it('stores the email lower-cased and trimmed, the name trimmed, and signs in case-insensitively', async () => {
      const local = `Kim.Lee-${randomUUID().slice(0, 8)}`;
      const res = await t.http
        .post('/api/v1/auth/register')
        .send({ email: `  ${local}@Example.COM `, password: 'password-1', name: '  김 토스  ' })
        .expect(201);
      expect(res.body).toMatchObject({
        email: `${local.toLowerCase()}@example.com`,
        name: '김 토스',
      });
      const me = await login(t.http, `${local.toUpperCase()}@EXAMPLE.com`, 'password-1');
      expect(me.id).toBe(res.body.id);
    });

    it.each([
      ['8 characters', 'x'.repeat(8)],
      ['72 characters', 'y'.repeat(72)],
    ])('accepts a password of %s', async (_, password) => {
      const body = { ...valid(), password };
      await t.http.post('/api/v1/auth/register').send(body).expect(201);
      await expect(login(t.http, body.email, password)).resolves.toMatchObject({
        email: body.email,
      });
    });

    it('accepts a name of 100 characters', async () => {
      const res = await t.http
        .post('/api/v1/auth/register')
        .send({ ...valid(), name: '가'.repeat(100) })
        .expect(201);
      expect(res.body.name).toBe('가'.repeat(100));
    });

    it.each([
      ['email missing', { email: undefined }, 'email'],
      ['email not an address', { email: 'not-an-email' }, 'email'],
      ['email a number', { email: 12345 }, 'email'],
      ['email null', { email: null }, 'email'],
      ['email an array', { email: ['a@b.co'] }, 'email'],
      [
        'email over 254 characters',
        {
          email: `${'a'.repeat(64)}@${['b', 'c', 'd', 'e'].map((c) => c.repeat(60)).join('.')}.io`,
        },
        'email',
      ],
      ['password missing', { password: undefined }, 'password'],
      ['password of 7 characters', { password: 'x'.repeat(7) }, 'password'],
      ['password of 73 characters', { password: 'x'.repeat(73) }, 'password'],
      ['password a number', { password: 12345678 }, 'password'],
      ['password null', { password: null }, 'password'],
      ['name missing', { name: undefined }, 'name'],
      ['name empty', { name: '' }, 'name'],
      ['name only spaces', { name: '   ' }, 'name'],
      ['name of 101 characters', { name: 'n'.repeat(101) }, 'name'],
      ['name a number', { name: 42 }, 'name'],
      ['name an object', { name: { first: '김' } }, 'name'],
      ['name with a NUL character', { name: 'a\u0000b' }, 'name'],
      ['an unknown field (role)', { role: 'admin' }, 'role'],
      ['an unknown field (id)', { id: randomUUID() }, 'id'],
    ])('refuses %s with 400 VALIDATION_ERROR naming the field', async (_, patch, field) => {
      const res = await t.http
        .post('/api/v1/auth/register')
        .send({ ...valid(), ...patch })
        .expect(400);
      expectErrorBody(res, 400, 'VALIDATION_ERROR');
      expect(invalidFields(res)).toContain(field);
    });

    it('answers 409 EMAIL_TAKEN for an email already registered, in any case', async () => {
      const body = valid();
      await t.http.post('/api/v1/auth/register').send(body).expect(201);
      const again = await t.http
        .post('/api/v1/auth/register')
        .send({ ...body, name: '다른 사람' })
        .expect(409);
      expectErrorBody(again, 409, 'EMAIL_TAKEN');
      const upper = await t.http
        .post('/api/v1/auth/register')
        .send({ ...body, email: body.email.toUpperCase(), password: 'other-password' })
        .expect(409);
      expectErrorBody(upper, 409, 'EMAIL_TAKEN');
      // The first account is untouched: its password still works, the intruder's does not.
      await login(t.http, body.email, 'password-1');
      await t.http
        .post('/api/v1/auth/login')
        .send({ email: body.email, password: 'other-password' })
        .expect(401);
    });

    it("refuses the admin's email (nobody registers into the admin account)", async () => {
      const res = await t.http
        .post('/api/v1/auth/register')
        .send({ email: TEST_ADMIN.email.toUpperCase(), password: 'hijack-password', name: 'x' })
        .expect(409);
      expectErrorBody(res, 409, 'EMAIL_TAKEN');
      await expect(admin(t.http)).resolves.toMatchObject({ role: 'admin' });
    });

    it('lets exactly one of many concurrent registrations of one email through; the rest get 409 EMAIL_TAKEN', async () => {
      const local = `race-${randomUUID()}`;
      const attempts = Array.from({ length: 8 }, (_, i) => ({
        email: i % 2 === 0 ? `${local}@test.local` : `${local.toUpperCase()}@TEST.local`,
        password: `race-password-${i}`,
        name: `racer ${i}`,
      }));
      const responses = await Promise.all(
        attempts.map((body) => t.http.post('/api/v1/auth/register').send(body)),
      );

      expect(responses.map((r) => r.status).sort()).toEqual([
        201, 409, 409, 409, 409, 409, 409, 409,
      ]);
      for (const res of responses.filter((r) => r.status === 409))
        expectErrorBody(res, 409, 'EMAIL_TAKEN');
      const winner = responses.findIndex((r) => r.status === 201);
      const me = await login(t.http, `${local}@test.local`, attempts[winner].password);
      expect(me).toMatchObject({ id: responses[winner].body.id, name: `racer ${winner}` });
    });
  });

  describe('POST /api/v1/auth/login', () => {
    let kim: { email: string; password: string; id: string };

    beforeAll(async () => {
      kim = { email: uniqueEmail(), password: 'kim-password', id: '' };
      const res = await t.http
        .post('/api/v1/auth/register')
        .send({ email: kim.email, password: kim.password, name: '김' })
        .expect(201);
      kim.id = res.body.id;
    });

    it('answers {accessToken, tokenType: "Bearer", expiresIn} with a token for that user and role', async () => {
      const res = await t.http
        .post('/api/v1/auth/login')
        .send({ email: kim.email, password: kim.password })
        .expect(200);
      expect(res.body).toEqual({
        accessToken: expect.any(String),
        tokenType: 'Bearer',
        expiresIn: 3600,
      });
      const claims = jwtClaims(res.body.accessToken);
      expect(claims).toMatchObject({ sub: kim.id, role: 'customer' });
      expect(Number(claims.exp) - Number(claims.iat)).toBe(3600);
    });

    it('answers 401 INVALID_CREDENTIALS alike for a wrong password and an unknown email', async () => {
      const wrong = await t.http
        .post('/api/v1/auth/login')
        .send({ email: kim.email, password: 'not-the-password' })
        .expect(401);
      expectErrorBody(wrong, 401, 'INVALID_CREDENTIALS');
      const unknown = await t.http
        .post('/api/v1/auth/login')
        .send({ email: uniqueEmail(), password: kim.password })
        .expect(401);
      expectErrorBody(unknown, 401, 'INVALID_CREDENTIALS');
      expect(unknown.body).toEqual(wrong.body);
    });

    it.each([
      ['email missing', { email: undefined }, 'email'],
      ['email not an address', { email: 'kim' }, 'email'],
      ['email a number', { email: 1 }, 'email'],
      ['password missing', { password: undefined }, 'password'],
      ['password empty', { password: '' }, 'password'],
      ['password of 73 characters', { password: 'p'.repeat(73) }, 'password'],
      ['password an array', { password: ['kim-password'] }, 'password'],
      ['an unknown field', { remember: true }, 'remember'],
    ])('refuses %s with 400 VALIDATION_ERROR', async (_, patch, field) => {
      const res = await t.http
        .post('/api/v1/auth/login')
        .send({ email: kim.email, password: kim.password, ...patch })
        .expect(400);
      expectErrorBody(res, 400, 'VALIDATION_ERROR');
      expect(invalidFields(res)).toContain(field);
    });
  });

  describe('GET /api/v1/auth/me', () => {
    let kim: SignedIn;

    beforeAll(async () => {
      kim = await customer(t.http, '김미');
    });

    it('answers the signed-in customer', async () => {
      const res = await t.http.get('/api/v1/auth/me').set(kim.auth).expect(200);
      expect(res.body).toEqual({ id: kim.id, email: kim.email, name: '김미', role: 'customer' });
      expect(res.body.id).toMatch(UUID_V4);
    });

    it('answers the admin created at start-up from ADMIN_EMAIL / ADMIN_PASSWORD with role admin', async () => {
      const boss = await admin(t.http);
      expect(boss).toMatchObject({ email: TEST_ADMIN.email, role: 'admin' });
    });

    it('accepts the auth scheme in any case (RFC 7235)', async () => {
      await t.http.get('/api/v1/auth/me').set('Authorization', `bearer ${kim.token}`).expect(200);
    });

    it('accepts a token signed with JWT_SECRET (control for the forged tokens below)', async () => {
      const now = Math.floor(Date.now() / 1000);
      const token = signJwt({ sub: kim.id, role: 'customer', iat: now, exp: now + 60 }, JWT_SECRET);
      const res = await t.http
        .get('/api/v1/auth/me')
        .set('Authorization', `Bearer ${token}`)
        .expect(200);
      expect(res.body.id).toBe(kim.id);
    });

    const now = () => Math.floor(Date.now() / 1000);
    const badAuthorizations: [string, () => string | undefined][] = [
      ['no Authorization header', () => undefined],
      ['an empty header', () => ''],
      ['the scheme alone', () => 'Bearer'],
      ['another scheme', () => `Basic ${Buffer.from('kim:pw').toString('base64')}`],
      ['the token without a scheme', () => kim.token],
      ['garbage', () => 'Bearer not.a.token'],
      ['two tokens', () => `Bearer ${kim.token} ${kim.token}`],
      [
        'a token signed with another secret',
        () =>
          `Bearer ${signJwt({ sub: kim.id, role: 'customer', exp: now() + 60 }, 'x'.repeat(40))}`,
      ],
      [
        'an unsigned token (alg none)',
        () =>
          `Bearer ${signJwt({ sub: kim.id, role: 'admin', exp: now() + 60 }, '', { alg: 'none', typ: 'JWT' })}`,
      ],
      [
        'an expired token',
        () =>
          `Bearer ${signJwt({ sub: kim.id, role: 'customer', iat: now() - 120, exp: now() - 60 }, JWT_SECRET)}`,
      ],
      [
        'a token whose payload was changed to role admin',
        () => {
          const [header, , signature] = kim.token.split('.');
          const payload = Buffer.from(
            JSON.stringify({ ...jwtClaims(kim.token), role: 'admin' }),
          ).toString('base64url');
          return `Bearer ${header}.${payload}.${signature}`;
        },
      ],
      [
        'a token with an unknown role',
        () => `Bearer ${signJwt({ sub: kim.id, role: 'root', exp: now() + 60 }, JWT_SECRET)}`,
      ],
      [
        'a token without sub',
        () => `Bearer ${signJwt({ role: 'customer', exp: now() + 60 }, JWT_SECRET)}`,
      ],
      [
        'a token whose sub is a number',
        () => `Bearer ${signJwt({ sub: 42, role: 'customer', exp: now() + 60 }, JWT_SECRET)}`,
      ],
      [
        'a token whose sub is not a user id',
        () => `Bearer ${signJwt({ sub: 'kim', role: 'customer', exp: now() + 60 }, JWT_SECRET)}`,
      ],
      [
        'a token for an account that does not exist',
        () =>
          `Bearer ${signJwt({ sub: randomUUID(), role: 'customer', exp: now() + 60 }, JWT_SECRET)}`,
      ],
    ];

    it.each(badAuthorizations)('answers 401 UNAUTHORIZED for %s', async (_, header) => {
      const value = header();
      const req = t.http.get('/api/v1/auth/me');
      if (value !== undefined) void req.set('Authorization', value);
      const res = await req.expect(401);
      expectErrorBody(res, 401, 'UNAUTHORIZED');
    });
  });

  describe('admin account at start-up', () => {
    it('is updated, not duplicated, when the app starts again with a new ADMIN_PASSWORD', async () => {
      const before = await admin(t.http);
      const second = await startTestApp({
        databaseUrl: t.databaseUrl,
        env: { JWT_SECRET, ADMIN_PASSWORD: 'rotated-admin-password' },
      });
      try {
        const after = await login(second.http, TEST_ADMIN.email, 'rotated-admin-password');
        expect(after).toMatchObject({ id: before.id, role: 'admin' });
        const old = await second.http.post('/api/v1/auth/login').send(TEST_ADMIN).expect(401);
        expectErrorBody(old, 401, 'INVALID_CREDENTIALS');
      } finally {
        await second.close();
        process.env.ADMIN_PASSWORD = TEST_ADMIN.password;
      }
    });
  });
});
