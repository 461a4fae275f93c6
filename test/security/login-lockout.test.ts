import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forwardedClient } from '../../src/api/middleware/client-ip.js';
import { createTestApp, type TestApp } from '../harness/app.js';
import { type Account, call, registerAccount } from '../harness/http.js';

/**
 * Ten wrong passwords for someone else's email, from ten client addresses, once locked the real
 * user out for the rest of the window. Limits now bind a client, never an email on its own.
 * Clients are told apart by X-Forwarded-For behind one trusted proxy (the in-process app has no
 * socket); loopback addresses only, and no connection is made at all.
 */
let t: TestApp;
let victim: Account;
beforeAll(async () => {
  t = await createTestApp({
    TRUST_PROXY: 'true',
    TRUST_PROXY_HOPS: '1',
    LOGIN_RATE_LIMIT_MAX: '4',
    REGISTER_RATE_LIMIT_MAX: '2',
  });
  victim = await registerAccount(t.app, 'lockout-victim');
});
afterAll(() => t?.close());

const login = (email: string, password: string, forwardedFor: string) =>
  call(t.app, 'POST', '/api/v1/auth/login', {
    body: { email, password },
    headers: { 'x-forwarded-for': forwardedFor },
  });

describe('login lockout', () => {
  it('lets the real user in after strangers on ten clients failed for their email', async () => {
    for (let client = 1; client <= 10; client += 1) {
      expect((await login(victim.email, 'a wrong guess', `127.0.1.${client}`)).status).toBe(401);
    }
    const real = await login(victim.email, victim.password, '127.0.2.20');
    expect(real.status).toBe(200);
  }, 30_000);

  it('still blocks one client guessing one account, even when it varies what it forwards', async () => {
    const target = await registerAccount(t.app, 'lockout-target');
    // The trusted proxy appends the real address last; what the client put left of it is noise.
    for (let i = 0; i < 4; i += 1) {
      expect((await login(target.email, 'guess', `127.0.4.${i}, 127.0.3.66`)).status).toBe(401);
    }
    const blocked = await login(target.email, 'guess', '127.0.4.99, 127.0.3.66');
    expect(blocked.status).toBe(429);
    expect(blocked.body.code).toBe('rate_limited');
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    // The owner, elsewhere, is not.
    expect((await login(target.email, target.password, '127.0.2.21')).status).toBe(200);
  });

  it('limits registrations per client', async () => {
    const register = (n: number, forwardedFor: string) =>
      call(t.app, 'POST', '/api/v1/auth/register', {
        body: {
          email: `reg-${process.pid}-${Date.now()}-${n}@example.com`,
          password: 'a long enough passphrase',
          name: 'R',
          organization_name: 'R',
        },
        headers: { 'x-forwarded-for': forwardedFor },
      });
    expect((await register(1, '127.0.3.80')).status).toBe(201);
    expect((await register(2, '127.0.3.80')).status).toBe(201);
    const third = await register(3, '127.0.3.80');
    expect(third.status).toBe(429);
    expect(third.headers.get('retry-after')).toBeTruthy();
    expect((await register(4, '127.0.3.81')).status).toBe(201);
  });

  it('reads the client from the right of X-Forwarded-For, after the trusted hops', () => {
    expect(forwardedClient('1.1.1.1, 2.2.2.2, 3.3.3.3', 1)).toBe('3.3.3.3');
    expect(forwardedClient('1.1.1.1, 2.2.2.2, 3.3.3.3', 2)).toBe('2.2.2.2');
    expect(forwardedClient('3.3.3.3', 2)).toBe('3.3.3.3');
    expect(forwardedClient('not-an-address', 1)).toBeNull();
    expect(forwardedClient(undefined, 1)).toBeNull();
  });
});
