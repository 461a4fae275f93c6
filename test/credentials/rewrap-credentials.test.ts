import { randomBytes } from 'node:crypto';
import { ne } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { credentials } from '../../src/db/schema/index.js';
import type { MasterKey } from '../../src/lib/keys/keyring.js';
import { rewrapCredentials } from '../../src/services/credentials/rewrap-credentials.js';
import { createTestApp, type TestApp } from '../harness/app.js';
import { platformFor } from '../harness/contexts.js';
import { type Account, call, registerAccount } from '../harness/http.js';
import { createCredential, decrypt, uniqueName } from './helpers.js';

/** The master keys the app's keyring reads; the test adds version 2 while the app runs. */
const keys: MasterKey[] = [{ version: 1, key: randomBytes(32) }];

let t: TestApp;
let orgs: Account[];
beforeAll(async () => {
  t = await createTestApp({}, { masterKeys: () => keys });
  orgs = [await registerAccount(t.app, 'rotate-a'), await registerAccount(t.app, 'rotate-b')];
});
afterAll(() => t?.close());

/**
 * In-process requests on the embedded database can resolve without ever leaving the microtask
 * queue; each load step yields to the event loop, or the timers below (and the re-wrap) would starve.
 */
const yieldToLoop = () => new Promise((resolve) => setImmediate(resolve));

interface Tracked {
  id: string;
  name: string;
  owner: Account;
  /** The value last written and acknowledged. */
  value: { token: string };
}

describe('re-wrapping credentials under a new master key', () => {
  it('rotates under load: reads, creates and updates during the re-wrap lose nothing, and every row ends at version 2', async () => {
    const tracked: Tracked[] = [];
    for (let i = 0; i < 50; i++) {
      const owner = orgs[i % 2] as Account;
      const value = { token: `v1-${i}` };
      const created = await createCredential(t, owner, {
        type: 'bearer_token',
        name: uniqueName('rot'),
        value,
      });
      tracked.push({ id: created.id, name: created.name, owner, value });
    }

    // Three writers, each owning the credentials at its index modulo 3, so the last acknowledged
    // write of a credential is also the last one committed; readers decrypt anything.
    const WRITERS = 3;
    let stop = false;
    let ops = 0;
    const failures: string[] = [];
    const writer = async (w: number) => {
      let n = 0;
      while (!stop) {
        await yieldToLoop();
        n += 1;
        const mine = tracked.filter((_, index) => index % WRITERS === w);
        if (n % 5 === 0) {
          const owner = orgs[n % 2] as Account;
          const value = { token: `new-${w}-${n}` };
          const name = uniqueName('rot-new');
          const created = await call<{ id: string }>(t.app, 'POST', '/api/v1/credentials', {
            token: owner.token,
            body: { type: 'bearer_token', name, value },
          });
          if (created.status !== 201) failures.push(`create ${created.status}`);
          // Pushed at an index this writer owns (or one past the end, which a later push may take).
          else tracked.push({ id: created.body.id, name, owner, value });
        } else {
          const target = mine[n % mine.length] as Tracked;
          const value = { token: `upd-${w}-${n}` };
          const rename = n % 3 === 0;
          const answer = await call(t.app, 'PUT', `/api/v1/credentials/${target.id}`, {
            token: target.owner.token,
            body: rename
              ? { type: 'bearer_token', name: target.name }
              : { type: 'bearer_token', name: target.name, value },
          });
          if (answer.status !== 200) failures.push(`update ${answer.status}`);
          else if (!rename) target.value = value;
        }
        ops += 1;
      }
    };
    const reader = async () => {
      let n = 0;
      while (!stop) {
        await yieldToLoop();
        n += 1;
        const target = tracked[(n * 7) % tracked.length] as Tracked;
        const answer = await decrypt(t, target.owner.token, target.id);
        if (answer.status !== 200) failures.push(`read ${answer.status} ${JSON.stringify(answer.body)}`);
        ops += 1;
      }
    };
    const load = Promise.all([writer(0), writer(1), writer(2), reader(), reader()]);

    await new Promise((resolve) => setTimeout(resolve, 300));
    keys.push({ version: 2, key: randomBytes(32) });
    const opsBefore = ops;
    const summary = await rewrapCredentials(platformFor(t), { batchSize: 5 });
    const opsDuring = ops - opsBefore;
    await new Promise((resolve) => setTimeout(resolve, 300));
    stop = true;
    await load;

    expect(failures).toEqual([]);
    expect(opsDuring, 'the load ran while the re-wrap did').toBeGreaterThan(0);
    expect(summary.target).toBe(2);
    expect(summary.failed).toEqual([]);
    expect(summary.remaining).toBe(0);
    expect(summary.rewrapped[1]).toBeGreaterThan(0);

    const behind = await t.deps.database.db
      .select({ id: credentials.id })
      .from(credentials)
      .where(ne(credentials.keyVersion, 2));
    expect(behind).toEqual([]);
    expect(tracked.length).toBeGreaterThan(50);
    for (const credential of tracked) {
      const answer = await decrypt(t, credential.owner.token, credential.id);
      expect(answer.status, credential.id).toBe(200);
      expect(answer.body).toMatchObject({ key_version: 2, value: credential.value });
    }

    // A second run finds nothing to do.
    const again = await rewrapCredentials(platformFor(t));
    expect(again).toEqual({ target: 2, rewrapped: {}, failed: [], remaining: 0 });
  });
});
