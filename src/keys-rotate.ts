// `npm run keys:rotate [-- --wait-seconds N]`: adds a master key version (when the keys live in
// files) and re-wraps every credential's data key under the newest version. See docs/credentials.md.
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { loadConfigOrExit } from './config.js';
import { openAppDatabase } from './db/open-app-database.js';
import { DEFAULT_KEYRING_REFRESH_MS } from './lib/keys/keyring.js';
import { loadSecrets, masterKeysDir, writeMasterKeyFile } from './secrets.js';
import { rewrapCredentials } from './services/credentials/rewrap-credentials.js';

const { values } = parseArgs({ options: { 'wait-seconds': { type: 'string' } } });
const config = loadConfigOrExit();
const secrets = await loadSecrets(config);
const envMode = config.CONVEYOR_MASTER_KEY !== undefined;

if (envMode) {
  const newest = secrets.keyring.latest().version;
  if (newest === 1) {
    console.error(
      'CONVEYOR_MASTER_KEY is set, so the keys come from the environment: add the new version to CONVEYOR_MASTER_KEYS (2:<base64 32 bytes>) on every API and worker process, restart them, then run this again.',
    );
    process.exit(1);
  }
  console.log(
    `Keys from the environment: re-wrapping to version ${newest}, the newest in CONVEYOR_MASTER_KEYS.`,
  );
} else {
  const next = Math.max(...secrets.keyring.versions()) + 1;
  console.log(`Wrote master key version ${next} to ${writeMasterKeyFile(masterKeysDir(config), next)}.`);
  const waitSeconds = Number(values['wait-seconds'] ?? (2 * DEFAULT_KEYRING_REFRESH_MS) / 1000);
  if (!Number.isFinite(waitSeconds) || waitSeconds < 0) {
    console.error('--wait-seconds: expected a number of seconds, 0 or more');
    process.exit(1);
  }
  console.log(
    `Waiting ${waitSeconds} s for running processes to read it (they look for new key files every ${DEFAULT_KEYRING_REFRESH_MS / 1000} s)…`,
  );
  await sleep(waitSeconds * 1000);
}

const database = await openAppDatabase(config);
try {
  const summary = await rewrapCredentials({ db: database.db, secrets });
  const moved = Object.entries(summary.rewrapped);
  for (const [from, rows] of moved)
    console.log(`Re-wrapped ${rows} credential(s) from version ${from} to ${summary.target}.`);
  if (moved.length === 0) console.log(`No credential was under a version older than ${summary.target}.`);
  for (const id of summary.failed)
    console.error(
      `Could not unwrap ${id}: its stored value does not authenticate; set a new value with PUT.`,
    );
  console.log(`Remaining under an older version: ${summary.remaining}.`);
  if (summary.remaining > 0) process.exitCode = 1;
  else if (envMode && moved.length === 0) {
    console.error(
      `Every credential already uses version ${summary.target}: nothing was rotated. To rotate, add version ${summary.target + 1} to CONVEYOR_MASTER_KEYS on every process first.`,
    );
    process.exitCode = 1;
  }
} finally {
  await database.close();
}
