/**
 * The master keys by version. Envelope-encrypted records store the version that wrapped their data
 * key, and encrypted Temporal payloads name theirs in metadata, so an old version stays readable
 * after a rotation until nothing refers to it. The keys come from a source (the environment, or
 * files under the data directory) that can be read again: `keys:rotate` adds a version while the
 * system runs, and a process that meets a version it does not know, or whose view is older than
 * `refreshMs`, reads the source again.
 */
export interface MasterKey {
  version: number;
  /** 32 bytes. */
  key: Buffer;
}

export type MasterKeySource = () => MasterKey[];

export class UnknownKeyVersionError extends Error {
  constructor(readonly version: number) {
    super(`Master key version ${version} is not configured on this process`);
    this.name = 'UnknownKeyVersionError';
  }
}

/** How often, at most, a process re-reads its key source to learn of a newer version (`refreshMs`). */
export const DEFAULT_KEYRING_REFRESH_MS = 5_000;

export interface KeyringOptions {
  /** How stale this process's view of the newest version may get before the source is read again. */
  refreshMs?: number;
  now?: () => number;
}

export class Keyring {
  private keys = new Map<number, MasterKey>();
  private loadedAt = Number.NEGATIVE_INFINITY;
  private readonly refreshMs: number;
  private readonly now: () => number;

  constructor(
    private readonly source: MasterKeySource,
    options: KeyringOptions = {},
  ) {
    this.refreshMs = options.refreshMs ?? DEFAULT_KEYRING_REFRESH_MS;
    this.now = options.now ?? Date.now;
    this.reload();
    if (this.keys.size === 0) throw new Error('No master key is configured');
  }

  /** The version new data keys and payloads are wrapped under: the newest one configured. */
  latest(): MasterKey {
    if (this.now() - this.loadedAt > this.refreshMs) this.reload();
    let newest: MasterKey | undefined;
    for (const key of this.keys.values()) if (!newest || key.version > newest.version) newest = key;
    // The constructor refused an empty source, and a reload never forgets a version.
    return newest as MasterKey;
  }

  get(version: number): MasterKey {
    const known = this.keys.get(version);
    if (known) return known;
    this.reload();
    const reloaded = this.keys.get(version);
    if (!reloaded) throw new UnknownKeyVersionError(version);
    return reloaded;
  }

  versions(): number[] {
    return [...this.keys.keys()].sort((a, b) => a - b);
  }

  /** Reads the source again; versions already known are kept even if the source dropped them. */
  reload(): void {
    for (const key of this.source()) {
      if (key.key.length !== 32) throw new Error(`Master key version ${key.version} is not 32 bytes`);
      if (!Number.isInteger(key.version) || key.version < 1) {
        throw new Error(`Master key version ${key.version} is not a positive integer`);
      }
      this.keys.set(key.version, key);
    }
    this.loadedAt = this.now();
  }
}

/** A keyring over fixed keys (tests, benches, tools). */
export function staticKeyring(...keys: Buffer[]): Keyring {
  const versions = keys.map((key, index) => ({ version: index + 1, key }));
  return new Keyring(() => versions);
}
