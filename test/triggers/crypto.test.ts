import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DecryptionError, decrypt, encrypt } from '../../src/lib/crypto.js';

describe('secrets at rest (AES-256-GCM)', () => {
  const key = randomBytes(32);

  it('round-trips with a fresh IV each time, in the v1.<iv>.<ciphertext+tag> format', () => {
    const a = encrypt(key, 'whsec_secret', 'ctx');
    const b = encrypt(key, 'whsec_secret', 'ctx');
    expect(a).toMatch(/^v1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]+$/);
    expect(a).not.toBe(b);
    expect(a).not.toContain('secret');
    expect(decrypt(key, a, 'ctx')).toBe('whsec_secret');
    expect(decrypt(key, encrypt(key, ''))).toBe('');
  });

  it('refuses another key, another context, tampered bytes and malformed text', () => {
    const sealed = encrypt(key, 'value', 'trigger:a');
    expect(() => decrypt(randomBytes(32), sealed, 'trigger:a')).toThrow(DecryptionError);
    expect(() => decrypt(key, sealed, 'trigger:b')).toThrow(DecryptionError);
    const [version, iv, body] = sealed.split('.') as [string, string, string];
    const flipped = Buffer.from(body, 'base64url');
    flipped[0] = (flipped[0] ?? 0) ^ 1;
    expect(() => decrypt(key, `${version}.${iv}.${flipped.toString('base64url')}`, 'trigger:a')).toThrow(
      DecryptionError,
    );
    for (const bad of ['', 'v2.a.b', 'v1.abc', `v1.${iv}.AA`, `${sealed}.extra`]) {
      expect(() => decrypt(key, bad, 'trigger:a'), bad).toThrow(DecryptionError);
    }
    expect(() => encrypt(randomBytes(16), 'x')).toThrow(/32 bytes/);
  });
});
