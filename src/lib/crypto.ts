import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * Secrets at rest (webhook signing secrets, credentials): AES-256-GCM under the 32-byte master
 * key, stored as `v1.<iv>.<ciphertext+tag>` (base64url). The version prefix leaves room for a
 * key rotation scheme later. `context` is bound as additional authenticated data, so a ciphertext
 * copied into another row (another trigger, another credential) fails to decrypt there.
 */
const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

export class DecryptionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DecryptionError';
  }
}

export function encrypt(masterKey: Buffer, plaintext: string, context = ''): string {
  assertKey(masterKey);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', masterKey, iv);
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const sealed = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return `${VERSION}.${iv.toString('base64url')}.${sealed.toString('base64url')}`;
}

export function decrypt(masterKey: Buffer, token: string, context = ''): string {
  assertKey(masterKey);
  const [version, ivText, sealedText, ...rest] = token.split('.');
  if (version !== VERSION || ivText === undefined || sealedText === undefined || rest.length > 0) {
    throw new DecryptionError('Unrecognized ciphertext format');
  }
  const iv = Buffer.from(ivText, 'base64url');
  const sealed = Buffer.from(sealedText, 'base64url');
  if (iv.length !== IV_BYTES || sealed.length < TAG_BYTES) throw new DecryptionError('Truncated ciphertext');
  const decipher = createDecipheriv('aes-256-gcm', masterKey, iv);
  decipher.setAAD(Buffer.from(context, 'utf8'));
  decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
  try {
    return Buffer.concat([
      decipher.update(sealed.subarray(0, sealed.length - TAG_BYTES)),
      decipher.final(),
    ]).toString('utf8');
  } catch {
    // Wrong key, wrong context or tampered bytes: GCM cannot tell which, and neither do we.
    throw new DecryptionError('Ciphertext does not authenticate');
  }
}

function assertKey(masterKey: Buffer): void {
  if (masterKey.length !== 32) throw new Error(`Master key must be 32 bytes, got ${masterKey.length}`);
}
