/**
 * The cost of verifying one access token, as AuthGuard does it (@nestjs/jwt → jsonwebtoken, HS256),
 * with the secret given as a string (what AuthModule passed before) and as a KeyObject (what it passes now). jsonwebtoken
 * first tries to parse a string or Buffer secret as a PEM public key (createPublicKey), fails, and
 * only then makes a secret key of it, on every verify.
 *
 *   ts-node --transpile-only bench/jwt-cost.ts
 */
import { JwtService } from '@nestjs/jwt';
import { createSecretKey, randomBytes } from 'node:crypto';

function time(name: string, verify: () => unknown): void {
  for (let i = 0; i < 2000; i++) verify();
  const n = 20_000;
  const started = process.hrtime.bigint();
  for (let i = 0; i < n; i++) verify();
  console.log(
    `${name}: ${(Number(process.hrtime.bigint() - started) / n / 1000).toFixed(1)} µs per verify`,
  );
}

const secret = randomBytes(32).toString('hex');
const asString = new JwtService({
  secret,
  signOptions: { algorithm: 'HS256', expiresIn: 3600 },
  verifyOptions: { algorithms: ['HS256'] },
});
const token = asString.sign({ sub: '6f1d9c1e-3b7a-4a4e-9f1e-2a8c5d7b9e01', role: 'customer' });
time('secret as a string (today)', () => asString.verify(token));
const key = createSecretKey(Buffer.from(secret));
const asKey = new JwtService({
  secretOrKeyProvider: () => key,
  verifyOptions: { algorithms: ['HS256'] },
});
time('secret as a KeyObject', () => asKey.verify(token));
