import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  randomBytes,
} from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { calculateJwkThumbprint, exportJWK } from 'jose';
import type { Config } from './config.js';
import { Keyring, type MasterKey, type MasterKeySource } from './lib/keys/keyring.js';

export interface Secrets {
  jwt: { privateKey: KeyObject; publicKey: KeyObject; kid: string };
  /**
   * Master key version 1 (32 bytes): seals webhook signing secrets and Temporal task tokens at
   * rest. Credentials and Temporal payloads use the versioned `keyring`.
   */
  masterKey: Buffer;
  /** Every master key version this process knows; the newest wraps new data keys and payloads. */
  keyring: Keyring;
}

/**
 * Reads the signing key and master key from the environment, or, outside production, from
 * files under the data directory, generating them on first start so `npm start` needs no set-up
 * and a second start keeps accepting the first one's tokens.
 */
export async function loadSecrets(config: Config): Promise<Secrets> {
  const dir = join(config.CONVEYOR_DATA_DIR, 'secrets');
  const privatePem =
    config.JWT_PRIVATE_KEY ?? readOrCreate(join(dir, 'jwt-es256.pem'), generateSigningKeyPem);
  const masterKeyText =
    config.CONVEYOR_MASTER_KEY ??
    readOrCreate(join(dir, 'master.key'), () => randomBytes(32).toString('base64'));
  const first = Buffer.from(masterKeyText.trim(), 'base64');
  const later = config.CONVEYOR_MASTER_KEY
    ? () => parseMasterKeyList(config.CONVEYOR_MASTER_KEYS)
    : () => [
        ...readMasterKeyFiles(masterKeysDir(config)),
        ...parseMasterKeyList(config.CONVEYOR_MASTER_KEYS),
      ];
  return buildSecrets(privatePem, masterKeyText, () => [{ version: 1, key: first }, ...later()]);
}

/** Where `keys:rotate` writes versions 2 and up when the keys live in files (outside production). */
export const masterKeysDir = (config: Config) => join(config.CONVEYOR_DATA_DIR, 'secrets', 'master-keys');

/**
 * Writes master key `version` (random, base64) as `v<version>.key` under `dir`, owner-only; 'wx'
 * so it never replaces a key that something may already be wrapped under. Returns the path.
 */
export function writeMasterKeyFile(dir: string, version: number): string {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const path = join(dir, `v${version}.key`);
  writeFileSync(path, randomBytes(32).toString('base64'), { mode: 0o600, flag: 'wx' });
  return path;
}

/** `v2.key`, `v3.key`, … each a base64 32-byte key. */
export function readMasterKeyFiles(dir: string): MasterKey[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  return names.flatMap((name) => {
    const match = /^v(\d+)\.key$/.exec(name);
    if (!match) return [];
    return [
      { version: Number(match[1]), key: Buffer.from(readFileSync(join(dir, name), 'utf8').trim(), 'base64') },
    ];
  });
}

/** `CONVEYOR_MASTER_KEYS`: `2:<base64>,3:<base64>` (version 1 is `CONVEYOR_MASTER_KEY`). */
export function parseMasterKeyList(text: string | undefined): MasterKey[] {
  if (!text) return [];
  return text.split(',').map((entry) => {
    const [version, key] = entry.trim().split(':');
    return { version: Number(version), key: Buffer.from(key ?? '', 'base64') };
  });
}

export async function buildSecrets(
  privatePem: string,
  masterKeyBase64: string,
  masterKeys?: MasterKeySource,
): Promise<Secrets> {
  const privateKey = createPrivateKey(privatePem);
  if (privateKey.asymmetricKeyType !== 'ec' || privateKey.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
    throw new Error('JWT_PRIVATE_KEY: expected an EC P-256 private key (ES256)');
  }
  const publicKey = createPublicKey(privateKey);
  const kid = await calculateJwkThumbprint(await exportJWK(publicKey));
  const masterKey = Buffer.from(masterKeyBase64, 'base64');
  const keyring = new Keyring(masterKeys ?? (() => [{ version: 1, key: masterKey }]));
  return { jwt: { privateKey, publicKey, kid }, masterKey, keyring };
}

export function generateSigningKeyPem(): string {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  return privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
}

function readOrCreate(path: string, create: () => string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  mkdirSync(join(path, '..'), { recursive: true, mode: 0o700 });
  const value = create();
  // 'wx' so two processes starting together never overwrite each other's key.
  try {
    writeFileSync(path, value, { mode: 0o600, flag: 'wx' });
    return value;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return readFileSync(path, 'utf8');
    throw error;
  }
}
