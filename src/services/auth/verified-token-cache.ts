// Access tokens verified already, so a client sending the same bearer token on every request pays
// for the ES256 signature check once per token, not once per request (~0.4 ms of CPU each on this
// machine, a twentieth of an execute call). Only the signature and the fixed claims are remembered:
// the expiry is checked on every use, and who the user is now (status, permissions) is read from
// the database by every request as before. Tokens are stateless, so nothing else can invalidate one.

export interface VerifiedToken {
  userId: string;
  orgId: string;
  /** `exp`, in seconds since the epoch. */
  expiresAt: number;
}

const MAX_ENTRIES = 5_000;

/**
 * One cache per verifying key (a process may hold several, as tests do) and per issuer and
 * audience, so a token is only ever found under the settings it was verified with.
 */
const byKey = new WeakMap<object, Map<string, VerifiedToken>>();

export function cachedToken(key: object, scope: string, token: string): VerifiedToken | undefined {
  return byKey.get(key)?.get(`${scope}\n${token}`);
}

export function rememberToken(key: object, scope: string, token: string, verified: VerifiedToken): void {
  let cache = byKey.get(key);
  if (!cache) {
    cache = new Map();
    byKey.set(key, cache);
  }
  // Oldest first out: a Map iterates in insertion order. Expired entries go the same way.
  if (cache.size >= MAX_ENTRIES) cache.delete(cache.keys().next().value as string);
  cache.set(`${scope}\n${token}`, verified);
}

export function forgetToken(key: object, scope: string, token: string): void {
  byKey.get(key)?.delete(`${scope}\n${token}`);
}
