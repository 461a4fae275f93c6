import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memberWithRole } from '../agents/helpers.js';
import { createTestApp, type TestApp } from '../harness/app.js';
import { type Account, call, registerAccount } from '../harness/http.js';

let t: TestApp;
let owner: Account;
beforeAll(async () => {
  t = await createTestApp();
  owner = await registerAccount(t.app, 'apps-create');
});
afterAll(() => t?.close());

const create = (body: Record<string, unknown>, token = owner.token) =>
  call<Record<string, unknown>>(t.app, 'POST', '/api/v1/connected-apps', { token, body });
const preset = (extra: Record<string, unknown> = {}) => ({
  name: `GitHub ${Math.random()}`,
  provider: 'github',
  client_id: 'Iv1.abc',
  client_secret: 'github-client-secret-value',
  ...extra,
});

describe('creating a connected app', () => {
  it('answers a pending app from a preset with its authorization URL, never the secret', async () => {
    const created = await create(preset());
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ status: 'pending', provider: 'github', scopes: ['read:user'] });
    const url = new URL(created.body.authorization_url as string);
    expect(url.origin + url.pathname).toBe('https://github.com/login/oauth/authorize');
    expect(url.searchParams.get('client_id')).toBe('Iv1.abc');
    expect(url.searchParams.get('code_challenge')).toBeTruthy();
    expect(JSON.stringify(created.body)).not.toContain('github-client-secret-value');
    const got = await call(t.app, 'GET', `/api/v1/connected-apps/${created.body.id}`, { token: owner.token });
    expect(JSON.stringify(got.body)).not.toContain('github-client-secret-value');
    expect(got.body).not.toHaveProperty('authorization_url');
  });

  it('refuses an unknown provider, a generic one without issuer or endpoints, and a taken name', async () => {
    const unknown = await create(preset({ provider: 'myspace' }));
    expect(unknown.status).toBe(400);
    expect(unknown.body.code).toBe('unknown_provider');
    const bare = await create(preset({ provider: 'generic' }));
    expect(bare.status).toBe(400);
    expect(bare.body.code).toBe('validation_failed');
    const first = await create(preset({ name: 'Twice' }));
    expect(first.status).toBe(201);
    const second = await create(preset({ name: 'Twice' }));
    expect(second.status).toBe(409);
    expect(second.body.code).toBe('connected_app_name_taken');
  });

  it('discovers only through the outbound guard: a private issuer is refused unreached', async () => {
    const plain = await create(preset({ provider: 'generic', issuer: 'http://issuer.example' }));
    expect(plain.status).toBe(400);
    expect(plain.body.code).toBe('validation_failed');
    const refused = await create(preset({ provider: 'generic', issuer: 'https://10.20.30.40' }));
    expect(refused.status).toBe(400);
    expect(refused.body.code).toBe('destination_not_allowed');
    expect(refused.body.rule).toBe('private');
  });

  it('refuses oversized, malformed and unsafe input with a code, and a viewer with 403', async () => {
    const long = await create(preset({ name: 'x'.repeat(201) }));
    expect(long.status).toBe(400);
    expect(long.body.code).toBe('validation_failed');
    const nul = await create(preset({ name: 'a\u0000b' }));
    expect(nul.status).toBe(400);
    expect(nul.body.code).toBe('invalid_text');
    const extra = await create(preset({ token: 'x' }));
    expect(extra.status).toBe(400);
    const badSync = await create(preset({ sync: { method: 'GET', url: 'file:///etc/passwd' } }));
    expect(badSync.status).toBe(400);
    const viewer = await memberWithRole(t, owner, 'viewer');
    const forbidden = await create(preset(), viewer.token);
    expect(forbidden.status).toBe(403);
    const listed = await call(t.app, 'GET', '/api/v1/connected-apps', { token: viewer.token });
    expect(listed.status).toBe(200);
  });
});
