import { randomUUID } from 'node:crypto';
import TestAgent from 'supertest/lib/agent';
import { TEST_ADMIN } from '../setup/test-app';

export interface SignedIn {
  id: string;
  email: string;
  name: string;
  token: string;
  auth: { Authorization: string };
}

export async function login(http: TestAgent, email: string, password: string): Promise<SignedIn> {
  const res = await http.post('/api/v1/auth/login').send({ email, password }).expect(200);
  const auth = { Authorization: `Bearer ${res.body.accessToken}` };
  const me = await http.get('/api/v1/auth/me').set(auth).expect(200);
  return { ...me.body, token: res.body.accessToken, auth };
}

/** A new customer with a unique email, signed in. */
export async function customer(http: TestAgent, name = '김고객'): Promise<SignedIn> {
  const email = `c-${randomUUID()}@test.local`;
  const password = 'customer-password';
  await http.post('/api/v1/auth/register').send({ email, password, name }).expect(201);
  return login(http, email, password);
}

export function admin(http: TestAgent): Promise<SignedIn> {
  return login(http, TEST_ADMIN.email, TEST_ADMIN.password);
}
