import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { credentials } from '../../src/db/schema/index.js';
import { createTestApp, type TestApp } from '../harness/app.js';
import { type Account, call, registerAccount } from '../harness/http.js';
import {
  auditOf,
  type CredentialBody,
  createCredential,
  decrypt,
  dumpDatabase,
  uniqueName,
} from './helpers.js';

let t: TestApp;
let owner: Account;
beforeAll(async () => {
  t = await createTestApp();
  owner = await registerAccount(t.app, 'cred-create');
});
afterAll(() => t?.close());

const post = (body: unknown, token = owner.token) =>
  call<CredentialBody & { code?: string; errors?: { path: string }[] }>(
    t.app,
    'POST',
    '/api/v1/credentials',
    {
      token,
      body,
    },
  );

describe('creating credentials', () => {
  it('stores each type sealed, shows its settings and never its value, and audits the creation', async () => {
    const cases = [
      {
        body: { type: 'api_key', value: { key: 'PLANTED-api-key-1' } },
        settings: { placement: 'header', name: 'X-API-Key' },
        value: { key: 'PLANTED-api-key-1', placement: 'header', name: 'X-API-Key' },
      },
      {
        body: { type: 'api_key', value: { key: 'PLANTED-api-key-2', placement: 'query', name: 'api_key' } },
        settings: { placement: 'query', name: 'api_key' },
        value: { key: 'PLANTED-api-key-2', placement: 'query', name: 'api_key' },
      },
      {
        body: { type: 'basic_auth', value: { username: 'svc', password: 'PLANTED-password' } },
        settings: { username: 'svc' },
        value: { username: 'svc', password: 'PLANTED-password' },
      },
      {
        body: { type: 'bearer_token', value: { token: 'PLANTED-bearer' } },
        settings: {},
        value: { token: 'PLANTED-bearer' },
      },
      {
        body: {
          type: 'oauth2_client_credentials',
          value: {
            token_url: 'https://auth.example.com/token',
            client_id: 'billing',
            client_secret: 'PLANTED-client-secret',
            scopes: ['a', 'b'],
          },
        },
        settings: {
          token_url: 'https://auth.example.com/token',
          client_id: 'billing',
          scopes: ['a', 'b'],
          audience: null,
          auth_method: 'client_secret_basic',
        },
        value: {
          token_url: 'https://auth.example.com/token',
          client_id: 'billing',
          client_secret: 'PLANTED-client-secret',
          scopes: ['a', 'b'],
          auth_method: 'client_secret_basic',
        },
      },
      {
        body: { type: 'json', value: { nested: ['PLANTED-json'], n: 1 } },
        settings: {},
        value: { nested: ['PLANTED-json'], n: 1 },
      },
    ];
    for (const { body, settings, value } of cases) {
      const name = uniqueName(body.type);
      const created = await post({ ...body, name, description: 'for a test' });
      expect(created.status, JSON.stringify(body)).toBe(201);
      expect(created.body).toEqual({
        id: expect.stringMatching(/^cred_/),
        name,
        type: body.type,
        description: 'for a test',
        settings,
        key_version: 1,
        last_used_at: null,
        created_by: owner.userId,
        created_at: expect.any(String),
        updated_at: expect.any(String),
      });
      expect(JSON.stringify(created.body)).not.toContain('PLANTED');
      const read = await call(t.app, 'GET', `/api/v1/credentials/${created.body.id}`, { token: owner.token });
      expect(read.status).toBe(200);
      expect(read.body).toEqual(created.body);
      const opened = await decrypt(t, owner.token, created.body.id);
      expect(opened.body.value).toEqual(value);
      expect((await auditOf(t, owner.orgId, created.body.id)).map((a) => a.action)).toEqual([
        'credential.create',
        'credential.decrypt',
      ]);
    }
  });

  it('refuses oauth2_tokens, which only connected apps write, as a validation failure', async () => {
    const answer = await post({
      type: 'oauth2_tokens',
      name: uniqueName('tok'),
      value: { access_token: 'x' },
    });
    expect(answer.status).toBe(400);
    expect(answer.body.code).toBe('validation_failed');
  });

  it('answers 400 validation_failed to malformed and oversized values and names', async () => {
    const bodies: unknown[] = [
      { type: 'bearer_token', name: uniqueName('b') },
      { type: 'bearer_token', name: uniqueName('b'), value: { token: '' } },
      { type: 'bearer_token', name: uniqueName('b'), value: { token: 'x'.repeat(8 * 1024 + 1) } },
      { type: 'bearer_token', name: uniqueName('b'), value: { token: 'x', extra: 1 } },
      { type: 'bearer_token', name: uniqueName('b'), value: 'just a string' },
      { type: 'api_key', name: uniqueName('a'), value: { key: 'k', placement: 'cookie' } },
      { type: 'api_key', name: uniqueName('a'), value: { key: 'k', name: 'bad header\r\nname' } },
      { type: 'basic_auth', name: uniqueName('ba'), value: { username: 'a:b', password: 'p' } },
      { type: 'basic_auth', name: uniqueName('ba'), value: { username: 'a' } },
      {
        type: 'oauth2_client_credentials',
        name: uniqueName('o'),
        value: { token_url: 'ftp://x.example.com', client_id: 'c', client_secret: 's' },
      },
      {
        type: 'oauth2_client_credentials',
        name: uniqueName('o'),
        value: { token_url: 'https://x.example.com', client_id: 'c', client_secret: 's', auth_method: 'jwt' },
      },
      { type: 'json', name: uniqueName('j') },
      { type: 'json', name: uniqueName('j'), value: { blob: 'x'.repeat(64 * 1024) } },
      { type: 'smtp', name: uniqueName('s'), value: {} },
      { type: 'bearer_token', name: 'has space', value: { token: 't' } },
      { type: 'bearer_token', name: '.dot-first', value: { token: 't' } },
      { type: 'bearer_token', name: 'x'.repeat(65), value: { token: 't' } },
      { type: 'bearer_token', name: uniqueName('b'), description: 'd'.repeat(2001), value: { token: 't' } },
      { type: 'bearer_token', name: uniqueName('b'), value: { token: 't' }, key_version: 7 },
    ];
    for (const body of bodies) {
      const answer = await post(body);
      expect(answer.status, JSON.stringify(body).slice(0, 200)).toBe(400);
      expect(answer.body.code, JSON.stringify(body).slice(0, 200)).toBe('validation_failed');
    }
  });

  it('answers 409 to a live name, and frees the name when that credential is deleted', async () => {
    const name = uniqueName('dup');
    const first = await createCredential(t, owner, { type: 'bearer_token', name, value: { token: 't1' } });
    const again = await post({ type: 'json', name, value: 1 });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('credential_name_taken');
    // Another organization has a namespace of its own.
    const other = await registerAccount(t.app, 'cred-create-other');
    expect((await post({ type: 'json', name, value: 1 }, other.token)).status).toBe(201);

    expect(
      (await call(t.app, 'DELETE', `/api/v1/credentials/${first.id}`, { token: owner.token })).status,
    ).toBe(204);
    const reused = await post({ type: 'json', name, value: 2 });
    expect(reused.status).toBe(201);
    expect(reused.body.id).not.toBe(first.id);
  });

  it('needs credentials:write', async () => {
    const { memberWithRole } = await import('../agents/helpers.js');
    const viewer = await memberWithRole(t, owner, 'viewer');
    const answer = await post({ type: 'json', name: uniqueName('v'), value: 1 }, viewer.token);
    expect(answer.status).toBe(403);
    expect(answer.body.code).toBe('forbidden');
  });

  it('keeps planted values out of every table but the sealed columns, which hold ciphertext only', async () => {
    const planted = `PLANTED-${uniqueName('dump')}`;
    const created = await createCredential(t, owner, {
      type: 'basic_auth',
      name: uniqueName('dump'),
      value: { username: 'u', password: planted },
    });
    await call(t.app, 'PUT', `/api/v1/credentials/${created.id}`, {
      token: owner.token,
      body: {
        type: 'basic_auth',
        name: uniqueName('dump2'),
        value: { username: 'u', password: `${planted}-2` },
      },
    });
    expect((await decrypt(t, owner.token, created.id)).body.value).toEqual({
      username: 'u',
      password: `${planted}-2`,
    });
    const [row] = await t.deps.database.db.select().from(credentials).where(eq(credentials.id, created.id));
    expect(row?.ciphertext).toMatch(/^v1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    const dump = await dumpDatabase(t);
    expect(dump).toContain(created.id);
    expect(dump).not.toContain(planted);
    // The whole file's plantings too: every value above was written through the API.
    expect(dump).not.toContain('PLANTED-api-key');
    expect(dump).not.toContain('PLANTED-client-secret');
  });
});
