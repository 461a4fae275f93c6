/**
 * Access tokens fetched for `oauth2_client_credentials` credentials, kept in this worker's memory
 * only (never in the database, a history or a log) until shortly before they expire. Keyed by the
 * credential and a digest of its value, so a credential edited through the API fetches anew.
 * Bounded: the oldest entry goes when the cache is full.
 */
export interface CachedToken {
  accessToken: string;
  tokenType: string;
  expiresAtMs: number;
}

export const TOKEN_CACHE_MAX_ENTRIES = 1_000;
/** A token this close to its expiry is fetched again rather than sent. */
export const TOKEN_EXPIRY_MARGIN_MS = 30_000;

export class OAuthTokenCache {
  private readonly entries = new Map<string, CachedToken>();

  constructor(private readonly now: () => number = Date.now) {}

  get(key: string): CachedToken | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAtMs - TOKEN_EXPIRY_MARGIN_MS <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry;
  }

  set(key: string, token: CachedToken): void {
    this.entries.delete(key);
    if (this.entries.size >= TOKEN_CACHE_MAX_ENTRIES) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(key, token);
  }
}
