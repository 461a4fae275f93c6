import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { credentials } from '../../src/db/schema/index.js';
import { createTestApp, type TestApp } from '../harness/app.js';
import { type Account, call, registerAccount } from '../harness/http.js';
import { auditOf, createCredential, insertAppTokens, uniqueName } from './helpers.js';

let t: TestApp;
let owner: Account;
let stranger: Account;
beforeAll(async () => {
  t = await createTestApp();
  owner = await registerAccount(t.app, 'cred-del');
  stranger = await registerAccount(t.app, 'cred-del-other');
});
afterAll(() => t?.close());

const del = (id: string, token = owner.token) =>
  call(t.app, 'DELETE', `/api/v1/credentials/${id}`, { token });

describe('deleting a credential', () => {
  it('soft-deletes it: 404 to every read from then on, gone from lists, audited', async () => {
    const created = await createCredential(t, owner, {
      type: 'bearer_token',
      name: uniqueName('del'),
      value: { token: 't' },
    });
    expect((await del(created.id)).status).toBe(204);
    expect(
      (await call(t.app, 'GET', `/api/v1/credentials/${created.id}`, { token: owner.token })).status,
    ).toBe(404);
    expect((await del(created.id)).status).toBe(404);
    const list = await call<{ items: { id: string }[] }>(
      t.app,
      'GET',
      `/api/v1/credentials?search=${created.name}`,
      {
        token: owner.token,
      },
    );
    expect(list.body.items).toEqual([]);
    const [row] = await t.deps.database.db.select().from(credentials).where(eq(credentials.id, created.id));
    expect(row?.deletedAt).toBeInstanceOf(Date);
    expect((await auditOf(t, owner.orgId, created.id)).map((a) => a.action)).toEqual([
      'credential.create',
      'credential.delete',
    ]);
  });

  it("answers 404 for another organization's credential and deletes nothing", async () => {
    const created = await createCredential(t, owner, {
      type: 'bearer_token',
      name: uniqueName('del'),
      value: { token: 't' },
    });
    const answer = await del(created.id, stranger.token);
    expect(answer.status).toBe(404);
    expect(answer.body.code).toBe('not_found');
    expect(
      (await call(t.app, 'GET', `/api/v1/credentials/${created.id}`, { token: owner.token })).status,
    ).toBe(200);
  });

  it("answers 409 credential_managed for a connected app's tokens", async () => {
    const tokens = await insertAppTokens(t, owner);
    const answer = await del(tokens.id);
    expect(answer.status).toBe(409);
    expect(answer.body.code).toBe('credential_managed');
    expect(
      (await call(t.app, 'GET', `/api/v1/credentials/${tokens.id}`, { token: owner.token })).status,
    ).toBe(200);
  });
});
