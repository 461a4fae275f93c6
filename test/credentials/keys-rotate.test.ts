import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { openAppDatabase } from '../../src/db/open-app-database.js';
import { credentials, organizations } from '../../src/db/schema/index.js';
import { newId } from '../../src/lib/ids.js';
import { loadSecrets, masterKeysDir } from '../../src/secrets.js';
import { openCredentialValue, sealCredentialValue } from '../../src/services/credentials/credential-value.js';
import { prepareDatabase } from '../../src/services/setup/prepare-database.js';
import { runEntryPoint } from '../harness/processes.js';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function tempDataDir() {
  const dir = mkdtempSync(join(tmpdir(), 'conveyor-keys-'));
  dirs.push(dir);
  return dir;
}

describe('npm run keys:rotate', () => {
  it('in file mode writes v2.key (0600) and re-wraps the credentials of the embedded database under it', async () => {
    const dataDir = tempDataDir();
    const env = { NODE_ENV: 'development', CONVEYOR_DATA_DIR: dataDir, LOG_LEVEL: 'silent' };
    const config = loadConfig(env);
    // What `npm start` leaves behind: generated keys, a migrated database, a credential under version 1.
    const secrets = await loadSecrets(config);
    const database = await openAppDatabase(config);
    const orgId = newId('org');
    const id = newId('cred');
    try {
      await prepareDatabase(database);
      await database.db.insert(organizations).values({ id: orgId, name: 'Keys', slug: `keys-${orgId}` });
      const sealed = sealCredentialValue({ secrets }, { orgId, id }, { token: 'PLANTED-cli' });
      await database.db
        .insert(credentials)
        .values({ id, orgId, name: 'cli', type: 'bearer_token', settings: {}, ...sealed });
    } finally {
      await database.close();
    }

    const run = runEntryPoint('src/keys-rotate.ts', env, ['--wait-seconds', '0']);
    const code = await run.exited;
    expect(code, run.output()).toBe(0);
    expect(run.output()).toContain('Wrote master key version 2');
    expect(run.output()).toContain('Re-wrapped 1 credential(s) from version 1 to 2.');
    expect(run.output()).toContain('Remaining under an older version: 0.');
    expect(run.output()).not.toContain('PLANTED');
    const keyFile = join(masterKeysDir(config), 'v2.key');
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);

    // A process started afterwards reads version 2 from the file and opens the re-wrapped value.
    const reopened = await openAppDatabase(config);
    try {
      const [row] = await reopened.db.select().from(credentials).where(eq(credentials.id, id));
      expect(row?.keyVersion).toBe(2);
      const later = await loadSecrets(config);
      expect(later.keyring.versions()).toEqual([1, 2]);
      expect(openCredentialValue({ secrets: later }, row as NonNullable<typeof row>)).toEqual({
        token: 'PLANTED-cli',
      });
    } finally {
      await reopened.close();
    }
  });

  it('with keys from the environment and no newer version configured, says what to do and exits non-zero', async () => {
    const run = runEntryPoint('src/keys-rotate.ts', {
      NODE_ENV: 'development',
      CONVEYOR_DATA_DIR: tempDataDir(),
      CONVEYOR_MASTER_KEY: randomBytes(32).toString('base64'),
    });
    expect(await run.exited).toBe(1);
    expect(run.output()).toContain('add the new version to CONVEYOR_MASTER_KEYS');
  });
});
