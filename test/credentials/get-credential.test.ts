import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { credentials } from '../../src/db/schema/index.js';
import { memberWithRole } from '../agents/helpers.js';
import { createTestApp, type TestApp } from '../harness/app.js';
import { type Account, call, registerAccount } from '../harness/http.js';
import { auditOf, createCredential, decrypt, uniqueName } from './helpers.js';

let t: TestApp;
let owner: Account;
let stranger: Account;
beforeAll(async () => {
  t = await createTestApp();
  owner = await registerAccount(t.app, 'cred-get');
  stranger = await registerAccount(t.app, 'cred-get-other');
});
afterAll(() => t?.close());

const bearer = (account: Account, token: string) =>
  createCredential(t, account, { type: 'bearer_token', name: uniqueName('get'), value: { token } });

/** Copies one row's sealed columns over another's, as someone with SQL access to the table could. */
async function copySealed(fromId: string, toId: string) {
  const db = t.deps.database.db;
  const [from] = await db.select().from(credentials).where(eq(credentials.id, fromId));
  if (!from) throw new Error('no source row');
  await db
    .update(credentials)
    .set({ keyVersion: from.keyVersion, wrappedKey: from.wrappedKey, ciphertext: from.ciphertext })
    .where(eq(credentials.id, toId));
}

describe('reading a credential', () => {
  it('answers without the value, and with ?decrypt=true adds it and commits a credential.decrypt row first', async () => {
    const created = await bearer(owner, 'PLANTED-get-1');
    const plain = await call(t.app, 'GET', `/api/v1/credentials/${created.id}?decrypt=false`, {
      token: owner.token,
    });
    expect(plain.status).toBe(200);
    expect(plain.body.value).toBeUndefined();
    expect(await auditOf(t, owner.orgId, created.id)).toHaveLength(1);

    const opened = await decrypt(t, owner.token, created.id);
    expect(opened.status).toBe(200);
    expect(opened.body).toEqual({ ...created, value: { token: 'PLANTED-get-1' } });
    await decrypt(t, owner.token, created.id);
    const audit = await auditOf(t, owner.orgId, created.id);
    expect(audit.map((row) => row.action)).toEqual([
      'credential.create',
      'credential.decrypt',
      'credential.decrypt',
    ]);
    expect(audit[1]).toMatchObject({
      actorId: owner.userId,
      details: { name: created.name, type: 'bearer_token' },
    });
    expect(JSON.stringify(audit)).not.toContain('PLANTED');
  });

  it('refuses a decrypt read without credentials:decrypt (403) and audits nothing; the plain read still works', async () => {
    const created = await bearer(owner, 'PLANTED-get-2');
    for (const role of ['editor', 'viewer']) {
      const member = await memberWithRole(t, owner, role);
      const refused = await decrypt(t, member.token, created.id);
      expect(refused.status, role).toBe(403);
      expect(refused.body.code).toBe('forbidden');
      expect(JSON.stringify(refused.body)).not.toContain('PLANTED');
      const plain = await call(t.app, 'GET', `/api/v1/credentials/${created.id}`, { token: member.token });
      expect(plain.status, role).toBe(200);
    }
    expect((await auditOf(t, owner.orgId, created.id)).map((row) => row.action)).toEqual([
      'credential.create',
    ]);
  });

  it("answers 404 for another organization's credential, decrypting or not, and audits nothing", async () => {
    const created = await bearer(owner, 'PLANTED-get-3');
    for (const path of [
      `/api/v1/credentials/${created.id}`,
      `/api/v1/credentials/${created.id}?decrypt=true`,
    ]) {
      const answer = await call(t.app, 'GET', path, { token: stranger.token });
      expect(answer.status, path).toBe(404);
      expect(answer.body.code).toBe('not_found');
    }
    expect(await auditOf(t, stranger.orgId, created.id)).toEqual([]);
    expect(await auditOf(t, owner.orgId, created.id)).toHaveLength(1);
  });

  it("refuses to open a sealed value copied from another row of the organization (409, never that row's value)", async () => {
    const source = await bearer(owner, 'PLANTED-source');
    const target = await bearer(owner, 'PLANTED-target');
    await copySealed(source.id, target.id);
    const answer = await decrypt(t, owner.token, target.id);
    expect(answer.status).toBe(409);
    expect(answer.body.code).toBe('credential_unreadable');
    expect(JSON.stringify(answer.body)).not.toContain('PLANTED');
    // A failed read returns nothing, so it is not recorded as a read of the value.
    expect((await auditOf(t, owner.orgId, target.id)).map((row) => row.action)).toEqual([
      'credential.create',
    ]);
    // The source still opens, and a new value repairs the target.
    expect((await decrypt(t, owner.token, source.id)).body.value).toEqual({ token: 'PLANTED-source' });
    const repaired = await call(t.app, 'PUT', `/api/v1/credentials/${target.id}`, {
      token: owner.token,
      body: { type: 'bearer_token', name: target.name, value: { token: 'PLANTED-new' } },
    });
    expect(repaired.status).toBe(200);
    expect((await decrypt(t, owner.token, target.id)).body.value).toEqual({ token: 'PLANTED-new' });
  });

  it("refuses to open a sealed value copied from another organization's row", async () => {
    const foreign = await bearer(stranger, 'PLANTED-foreign');
    const mine = await bearer(owner, 'PLANTED-mine');
    await copySealed(foreign.id, mine.id);
    const answer = await decrypt(t, owner.token, mine.id);
    expect(answer.status).toBe(409);
    expect(answer.body.code).toBe('credential_unreadable');
    expect(JSON.stringify(answer.body)).not.toContain('PLANTED');
  });

  it('refuses a relabelled key version and a tampered ciphertext the same way', async () => {
    const db = t.deps.database.db;
    const relabelled = await bearer(owner, 'PLANTED-relabel');
    await db.update(credentials).set({ keyVersion: 2 }).where(eq(credentials.id, relabelled.id));
    const unknownVersion = await decrypt(t, owner.token, relabelled.id);
    expect(unknownVersion.status).toBe(503);
    expect(unknownVersion.body.code).toBe('master_key_unavailable');

    const tampered = await bearer(owner, 'PLANTED-tamper');
    const [row] = await db.select().from(credentials).where(eq(credentials.id, tampered.id));
    const flipped = `${row?.ciphertext.slice(0, -2)}${row?.ciphertext.endsWith('AA') ? 'AB' : 'AA'}`;
    await db.update(credentials).set({ ciphertext: flipped }).where(eq(credentials.id, tampered.id));
    const answer = await decrypt(t, owner.token, tampered.id);
    expect(answer.status).toBe(409);
    expect(answer.body.code).toBe('credential_unreadable');
  });

  it('answers 404 for a deleted credential and 400 for a decrypt flag that is not true or false', async () => {
    const created = await bearer(owner, 'PLANTED-get-4');
    const bad = await call(t.app, 'GET', `/api/v1/credentials/${created.id}?decrypt=yes`, {
      token: owner.token,
    });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('validation_failed');
    await call(t.app, 'DELETE', `/api/v1/credentials/${created.id}`, { token: owner.token });
    expect((await decrypt(t, owner.token, created.id)).status).toBe(404);
  });
});
