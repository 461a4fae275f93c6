import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { credentials } from '../../src/db/schema/index.js';
import { systemContext } from '../../src/services/context.js';
import {
  CredentialNotFoundError,
  openCredentialByName,
} from '../../src/services/credentials/open-credential-by-name.js';
import { createTestApp, type TestApp } from '../harness/app.js';
import { platformFor } from '../harness/contexts.js';
import { type Account, call, registerAccount } from '../harness/http.js';
import { createCredential, uniqueName } from './helpers.js';

let t: TestApp;
let owner: Account;
let stranger: Account;
beforeAll(async () => {
  t = await createTestApp();
  owner = await registerAccount(t.app, 'cred-open');
  stranger = await registerAccount(t.app, 'cred-open-other');
});
afterAll(() => t?.close());

const asSystem = (account: Account) => systemContext(platformFor(t), account.orgId);

describe('opening a credential by name (for activities)', () => {
  it('opens the live credential of the organization and stamps last_used_at', async () => {
    const name = uniqueName('open');
    const created = await createCredential(t, owner, {
      type: 'api_key',
      name,
      value: { key: 'PLANTED-open', placement: 'query', name: 'key' },
    });
    expect(created.last_used_at).toBeNull();
    const before = Date.now();
    const opened = await openCredentialByName(asSystem(owner), name);
    expect(opened).toEqual({
      id: created.id,
      name,
      type: 'api_key',
      settings: { placement: 'query', name: 'key' },
      value: { key: 'PLANTED-open', placement: 'query', name: 'key' },
    });
    const [row] = await t.deps.database.db.select().from(credentials).where(eq(credentials.id, created.id));
    expect(row?.lastUsedAt?.getTime()).toBeGreaterThanOrEqual(before - 1000);
    const read = await call(t.app, 'GET', `/api/v1/credentials/${created.id}`, { token: owner.token });
    expect(read.body.last_used_at).toBe(row?.lastUsedAt?.toISOString());
  });

  it("throws CredentialNotFoundError for a missing name, a deleted one, and another organization's", async () => {
    const name = uniqueName('gone');
    const created = await createCredential(t, owner, { type: 'bearer_token', name, value: { token: 't' } });
    const foreign = uniqueName('foreign');
    await createCredential(t, stranger, { type: 'bearer_token', name: foreign, value: { token: 'theirs' } });

    await expect(openCredentialByName(asSystem(owner), foreign)).rejects.toThrow(CredentialNotFoundError);
    await expect(openCredentialByName(asSystem(owner), 'never-created')).rejects.toMatchObject({
      name: 'CredentialNotFoundError',
      credentialName: 'never-created',
    });
    await call(t.app, 'DELETE', `/api/v1/credentials/${created.id}`, { token: owner.token });
    await expect(openCredentialByName(asSystem(owner), name)).rejects.toThrow(CredentialNotFoundError);
    // The foreign credential was not stamped by the failed attempt.
    const [theirs] = await t.deps.database.db.select().from(credentials).where(eq(credentials.name, foreign));
    expect(theirs?.lastUsedAt).toBeNull();
  });
});
