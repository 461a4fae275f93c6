import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../harness/app.js';
import { type Account, call, registerAccount } from '../harness/http.js';
import {
  auditOf,
  type CredentialBody,
  createCredential,
  decrypt,
  insertAppTokens,
  uniqueName,
} from './helpers.js';

let t: TestApp;
let owner: Account;
let stranger: Account;
beforeAll(async () => {
  t = await createTestApp();
  owner = await registerAccount(t.app, 'cred-put');
  stranger = await registerAccount(t.app, 'cred-put-other');
});
afterAll(() => t?.close());

const put = (id: string, body: unknown, token = owner.token) =>
  call<CredentialBody & { code?: string }>(t.app, 'PUT', `/api/v1/credentials/${id}`, { token, body });

describe('updating a credential', () => {
  it('renames without the secret, keeping the sealed value; a new value replaces value and settings', async () => {
    const created = await createCredential(t, owner, {
      type: 'api_key',
      name: uniqueName('put'),
      description: 'first',
      value: { key: 'PLANTED-put-1', name: 'X-Key' },
    });
    const renamed = await put(created.id, {
      type: 'api_key',
      name: uniqueName('renamed'),
      description: 'second',
    });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ id: created.id, description: 'second', settings: created.settings });
    expect(renamed.body.name).not.toBe(created.name);
    expect((await decrypt(t, owner.token, created.id)).body.value).toEqual({
      key: 'PLANTED-put-1',
      placement: 'header',
      name: 'X-Key',
    });

    const replaced = await put(created.id, {
      type: 'api_key',
      name: renamed.body.name,
      value: { key: 'PLANTED-put-2', placement: 'query', name: 'token' },
    });
    expect(replaced.status).toBe(200);
    expect(replaced.body).toMatchObject({ description: '', settings: { placement: 'query', name: 'token' } });
    expect(JSON.stringify(replaced.body)).not.toContain('PLANTED');
    expect((await decrypt(t, owner.token, created.id)).body.value).toEqual({
      key: 'PLANTED-put-2',
      placement: 'query',
      name: 'token',
    });
    const audit = await auditOf(t, owner.orgId, created.id);
    expect(audit.filter((row) => row.action === 'credential.update').map((row) => row.details)).toEqual([
      { name: renamed.body.name, previous_name: created.name, value_changed: false },
      { name: renamed.body.name, previous_name: renamed.body.name, value_changed: true },
    ]);
    expect(JSON.stringify(audit)).not.toContain('PLANTED');
  });

  it('answers 409 credential_type_fixed to another type, and credential_name_taken to a live name', async () => {
    const a = await createCredential(t, owner, {
      type: 'bearer_token',
      name: uniqueName('a'),
      value: { token: 't' },
    });
    const b = await createCredential(t, owner, {
      type: 'bearer_token',
      name: uniqueName('b'),
      value: { token: 't' },
    });
    const retyped = await put(a.id, { type: 'json', name: a.name, value: { token: 't' } });
    expect(retyped.status).toBe(409);
    expect(retyped.body.code).toBe('credential_type_fixed');
    const clash = await put(a.id, { type: 'bearer_token', name: b.name });
    expect(clash.status).toBe(409);
    expect(clash.body.code).toBe('credential_name_taken');
    expect((await call(t.app, 'GET', `/api/v1/credentials/${a.id}`, { token: owner.token })).body.name).toBe(
      a.name,
    );
  });

  it("answers 409 credential_managed for a connected app's tokens", async () => {
    const tokens = await insertAppTokens(t, owner);
    const answer = await put(tokens.id, { type: 'bearer_token', name: tokens.name, value: { token: 'x' } });
    expect(answer.status).toBe(409);
    expect(answer.body.code).toBe('credential_managed');
    expect((await decrypt(t, owner.token, tokens.id)).body.value).toEqual({ access_token: 'at-planted' });
  });

  it("answers 404 for another organization's credential and leaves it as it was", async () => {
    const created = await createCredential(t, owner, {
      type: 'bearer_token',
      name: uniqueName('x'),
      value: { token: 'keep' },
    });
    const answer = await put(
      created.id,
      { type: 'bearer_token', name: 'taken-over', value: { token: 'evil' } },
      stranger.token,
    );
    expect(answer.status).toBe(404);
    expect(answer.body.code).toBe('not_found');
    expect((await decrypt(t, owner.token, created.id)).body).toMatchObject({
      name: created.name,
      value: { token: 'keep' },
    });
  });

  it('answers 400 validation_failed to a malformed or oversized value, or a missing type', async () => {
    const created = await createCredential(t, owner, {
      type: 'basic_auth',
      name: uniqueName('v'),
      value: { username: 'u', password: 'p' },
    });
    for (const body of [
      { name: created.name },
      { type: 'basic_auth', name: created.name, value: { username: 'u' } },
      { type: 'basic_auth', name: created.name, value: { username: 'u', password: 'p'.repeat(8193) } },
      { type: 'basic_auth', name: created.name, value: null },
      { type: 'oauth2_tokens', name: created.name },
    ]) {
      const answer = await put(created.id, body);
      expect(answer.status, JSON.stringify(body).slice(0, 120)).toBe(400);
      expect(answer.body.code).toBe('validation_failed');
    }
  });
});
