import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { decrypt, encrypt } from '../../lib/crypto.js';

/**
 * Standard Webhooks (https://www.standardwebhooks.com): the sender signs
 * `${webhook-id}.${webhook-timestamp}.${body}` with HMAC-SHA256 under the base64 key after
 * `whsec_`, and sends `v1,<base64 signature>` entries, space-separated, in webhook-signature.
 */
const SECRET_PREFIX = 'whsec_';
const SIGNATURE_BYTES = 32;

export function generateWebhookSecret(): string {
  return `${SECRET_PREFIX}${randomBytes(32).toString('base64')}`;
}

/** 256 random bits: the path itself is unguessable, the signature is the real lock. */
export function generateWebhookPath(): string {
  return randomBytes(32).toString('base64url');
}

/** The ciphertext is bound to its trigger, so it cannot be copied onto another one. */
const secretContext = (triggerId: string) => `trigger:${triggerId}:webhook-secret`;

export function sealWebhookSecret(masterKey: Buffer, triggerId: string, secret: string): string {
  return encrypt(masterKey, secret, secretContext(triggerId));
}

export function openWebhookSecret(masterKey: Buffer, triggerId: string, ciphertext: string): string {
  return decrypt(masterKey, ciphertext, secretContext(triggerId));
}

/** Enough to tell two secrets apart, far too little to guess one. */
export function secretHint(secret: string): string {
  return `${SECRET_PREFIX}…${secret.slice(-4)}`;
}

/** The HMAC key inside a `whsec_` secret. */
export function signingKey(secret: string): Buffer {
  return Buffer.from(
    secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret,
    'base64',
  );
}

export interface SignedDelivery {
  id: string;
  timestamp: string;
  signatureHeader: string;
  body: Buffer;
}

/**
 * Whether any `v1` signature in the header matches any of the keys. Every key is always computed
 * and every candidate compared, so the time taken does not depend on which one matched, if any.
 */
export function signatureMatches(keys: Buffer[], delivery: SignedDelivery): boolean {
  const candidates = delivery.signatureHeader
    .split(' ')
    .map((entry) => entry.split(','))
    .filter(([version, value]) => version === 'v1' && value !== undefined)
    .map(([, value]) => Buffer.from(value as string, 'base64'))
    .filter((bytes) => bytes.length === SIGNATURE_BYTES)
    .slice(0, 10);
  let matched = false;
  for (const key of keys) {
    const expected = createHmac('sha256', key)
      .update(`${delivery.id}.${delivery.timestamp}.`)
      .update(delivery.body)
      .digest();
    for (const candidate of candidates) {
      if (timingSafeEqual(expected, candidate)) matched = true;
    }
  }
  return matched;
}

/** Whole seconds since the epoch, within `toleranceSeconds` of now in either direction. */
export function timestampFresh(timestamp: string, toleranceSeconds: number, nowMs = Date.now()): boolean {
  if (!/^\d{1,12}$/.test(timestamp)) return false;
  return Math.abs(nowMs / 1000 - Number(timestamp)) <= toleranceSeconds;
}
