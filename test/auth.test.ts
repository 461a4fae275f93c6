import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLogs } from '../src/db/schema/index.js';
import { createTestApp, type TestApp } from './harness/app.js';
import { call, registerAccount } from './harness/http.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ LOGIN_RATE_LIMIT_MAX: '4' });
});
afterAll(() => t?.close());

describe('auth flow', () => {
  it('registers, logs in, reads /me, refreshes, and audits each step', async () => {
    const account = await registerAccount(t.app, 'flow');
    const me = await call<{
      email: string;
      organization: { id: string };
      roles: { name: string }[];
      permissions: string[];
    }>(t.app, 'GET', '/api/v1/auth/me', { token: account.token });
    expect(me.status).toBe(200);
    expect(me.body.email).toBe(account.email);
    expect(me.body.organization.id).toBe(account.orgId);
    expect(me.body.roles.map((r) => r.name)).toEqual(['owner']);
    expect(me.body.permissions).toContain('workflows:write');

    const login = await call<{
      access_token: string;
      refresh_token: string;
      token_type: string;
      expires_in: number;
    }>(t.app, 'POST', '/api/v1/auth/login', {
      body: { email: account.email.toUpperCase(), password: account.password },
    });
    expect(login.status).toBe(200);
    expect(login.body.token_type).toBe('bearer');
    expect(login.body.expires_in).toBe(900);

    const refreshed = await call<{ access_token: string; refresh_token: string }>(
      t.app,
      'POST',
      '/api/v1/auth/refresh',
      {
        body: { refresh_token: login.body.refresh_token },
      },
    );
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.refresh_token).not.toBe(login.body.refresh_token);
    const meAgain = await call(t.app, 'GET', '/api/v1/auth/me', { token: refreshed.body.access_token });
    expect(meAgain.status).toBe(200);

    const actions = await t.deps.database.db
      .select({ action: auditLogs.action, requestId: auditLogs.requestId })
      .from(auditLogs)
      .where(eq(auditLogs.orgId, account.orgId));
    expect(actions.map((a) => a.action).sort()).toEqual(
      ['auth.login', 'auth.refresh', 'organization.create', 'user.register'].sort(),
    );
    expect(actions.every((a) => typeof a.requestId === 'string' && a.requestId.length > 0)).toBe(true);
  });

  it('answers an unknown email and a wrong password identically', async () => {
    const account = await registerAccount(t.app, 'same-answer');
    const wrongPassword = await call(t.app, 'POST', '/api/v1/auth/login', {
      body: { email: account.email, password: 'not the password' },
    });
    const unknownEmail = await call(t.app, 'POST', '/api/v1/auth/login', {
      body: { email: `nobody-${Date.now()}@example.com`, password: 'not the password' },
    });
    expect(wrongPassword.status).toBe(401);
    expect(unknownEmail.status).toBe(401);
    const strip = (b: Record<string, unknown>) => ({ ...b, request_id: undefined });
    expect(strip(unknownEmail.body)).toEqual(strip(wrongPassword.body));
    expect(wrongPassword.headers.get('content-type')).toBe('application/problem+json');
  });

  it('rate-limits repeated login attempts with 429 and Retry-After', async () => {
    const account = await registerAccount(t.app, 'limited');
    const attempt = () =>
      call(t.app, 'POST', '/api/v1/auth/login', {
        body: { email: account.email, password: 'wrong password' },
      });
    for (let i = 0; i < 4; i++) expect((await attempt()).status).toBe(401);
    const limited = await attempt();
    expect(limited.status).toBe(429);
    expect(limited.body.code).toBe('rate_limited');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    // Even the right password is refused while the window lasts: the limit is not an oracle.
    const right = await call(t.app, 'POST', '/api/v1/auth/login', {
      body: { email: account.email, password: account.password },
    });
    expect(right.status).toBe(429);
  });

  it('refuses a second account with the same email, whatever its case', async () => {
    const account = await registerAccount(t.app, 'dupe');
    const again = await call(t.app, 'POST', '/api/v1/auth/register', {
      body: {
        email: account.email.toUpperCase(),
        password: 'another long password',
        name: 'X',
        organization_name: 'Y',
      },
    });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('email_taken');
  });

  it('lists every invalid field and refuses unknown fields', async () => {
    const bad = await call<{ code: string; errors: { path: string }[] }>(
      t.app,
      'POST',
      '/api/v1/auth/register',
      {
        body: {
          email: 'not-an-email',
          password: 'short',
          name: '',
          organization_name: 'Acme',
          is_admin: true,
        },
      },
    );
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('validation_failed');
    const paths = bad.body.errors.map((e) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['json.email', 'json.password', 'json.name']));
    expect(bad.body.errors.some((e) => e.path === 'json' || e.path.includes('is_admin'))).toBe(true);
  });

  it('stores only an argon2id hash of the password, at OWASP parameters', async () => {
    const account = await registerAccount(t.app, 'hash');
    const { users } = await import('../src/db/schema/index.js');
    const [row] = await t.deps.database.db.select().from(users).where(eq(users.id, account.userId));
    expect(row?.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(row?.passwordHash).not.toContain(account.password);
  });

  it('records the request id of a mutating request on its audit row', async () => {
    const account = await registerAccount(t.app, 'reqid');
    const login = await call(t.app, 'POST', '/api/v1/auth/login', {
      body: { email: account.email, password: account.password },
      headers: { 'x-request-id': 'test-request-123' },
    });
    // Ours is answered and recorded; the client's is kept apart (see test/security/edges.test.ts).
    const ours = login.headers.get('x-request-id');
    expect(ours).not.toBe('test-request-123');
    const rows = await t.deps.database.db
      .select()
      .from(auditLogs)
      .where(and(eq(auditLogs.orgId, account.orgId), eq(auditLogs.action, 'auth.login')));
    expect(rows[0]?.requestId).toBe(ours);
    expect(rows[0]?.clientRequestId).toBe('test-request-123');
    expect(rows[0]?.actorId).toBe(account.userId);
  });
});
