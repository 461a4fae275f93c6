import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  randomBytes,
} from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { calculateJwkThumbprint, exportJWK } from 'jose';
import type { Config } from './config.js';

export interface Secrets {
  jwt: { privateKey: KeyObject; publicKey: KeyObject; kid: string };
  /** 32 bytes; encrypts credentials and Temporal task tokens at rest. */
  masterKey: Buffer;
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
  return buildSecrets(privatePem, masterKeyText);
}

export async function buildSecrets(privatePem: string, masterKeyBase64: string): Promise<Secrets> {
  const privateKey = createPrivateKey(privatePem);
  if (privateKey.asymmetricKeyType !== 'ec' || privateKey.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
    throw new Error('JWT_PRIVATE_KEY: expected an EC P-256 private key (ES256)');
  }
  const publicKey = createPublicKey(privateKey);
  const kid = await calculateJwkThumbprint(await exportJWK(publicKey));
  return { jwt: { privateKey, publicKey, kid }, masterKey: Buffer.from(masterKeyBase64, 'base64') };
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
