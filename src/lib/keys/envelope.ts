import { randomBytes } from 'node:crypto';
import { decrypt, encrypt } from '../crypto.js';
import type { Keyring } from './keyring.js';

/**
 * Envelope encryption for records at rest (credentials and what is stored like them): each record
 * gets its own random 256-bit data key; the value is sealed with AES-256-GCM under that key, and
 * the data key is wrapped (AES-256-GCM again) under a versioned master key. Rotating the master key
 * re-wraps data keys and never touches values. Both layers bind the owner as associated data, the
 * wrap also the key version, so a ciphertext or wrapped key moved to another row, another
 * organization, or relabelled with another version fails to decrypt. Every encryption draws a fresh
 * 96-bit IV (lib/crypto.ts).
 */
export interface Sealed {
  keyVersion: number;
  /** The data key under master key `keyVersion`. */
  wrappedKey: string;
  /** The value under the data key. */
  ciphertext: string;
}

/** Who a sealed value belongs to; becomes its associated data. */
export interface EnvelopeOwner {
  orgId: string;
  recordId: string;
}

export function sealEnvelope(keyring: Keyring, owner: EnvelopeOwner, plaintext: string): Sealed {
  const master = keyring.latest();
  const dataKey = randomBytes(32);
  return {
    keyVersion: master.version,
    wrappedKey: encrypt(master.key, dataKey.toString('base64'), wrapContext(owner, master.version)),
    ciphertext: encrypt(dataKey, plaintext, valueContext(owner)),
  };
}

export function openEnvelope(keyring: Keyring, owner: EnvelopeOwner, sealed: Sealed): string {
  const dataKey = unwrap(keyring, owner, sealed);
  return decrypt(dataKey, sealed.ciphertext, valueContext(owner));
}

/** The same value under the newest master key: only the data key is unwrapped and wrapped again. */
export function rewrapEnvelope(keyring: Keyring, owner: EnvelopeOwner, sealed: Sealed): Sealed {
  const master = keyring.latest();
  if (sealed.keyVersion === master.version) return sealed;
  const dataKey = unwrap(keyring, owner, sealed);
  return {
    keyVersion: master.version,
    wrappedKey: encrypt(master.key, dataKey.toString('base64'), wrapContext(owner, master.version)),
    ciphertext: sealed.ciphertext,
  };
}

function unwrap(keyring: Keyring, owner: EnvelopeOwner, sealed: Sealed): Buffer {
  const master = keyring.get(sealed.keyVersion);
  return Buffer.from(decrypt(master.key, sealed.wrappedKey, wrapContext(owner, sealed.keyVersion)), 'base64');
}

const wrapContext = (owner: EnvelopeOwner, version: number) => `${owner.orgId}|${owner.recordId}|${version}`;
const valueContext = (owner: EnvelopeOwner) => `${owner.orgId}|${owner.recordId}|value`;
