import { and, count, eq, lt, notInArray } from 'drizzle-orm';
import { credentials } from '../../db/schema/index.js';
import { rewrapEnvelope } from '../../lib/keys/envelope.js';
import type { Platform } from '../context.js';

export interface RewrapSummary {
  /** The master key version every row was brought to. */
  target: number;
  /** Rows re-wrapped, by the version they were under before. */
  rewrapped: Record<number, number>;
  /** Rows whose data key would not unwrap (tampered with, or an unknown version), left as they are. */
  failed: string[];
  /** Rows still under an older version at the end (0 unless some failed or a stale process wrote one). */
  remaining: number;
}

export interface RewrapOptions {
  batchSize?: number;
  /** How long to wait before looking again when every row left is locked by a change in flight. */
  lockedRetryMs?: number;
}

/**
 * Brings every credential's data key under the newest master key: only `wrapped_key` and
 * `key_version` change, values are never decrypted. Works in batches, each a transaction over
 * rows locked `FOR UPDATE SKIP LOCKED`, so it runs beside the live system: a row being changed is
 * skipped and picked up afterwards (an update seals under the newest key anyway), and a change
 * arriving while its row is re-wrapped waits for the lock, so no write is lost. Deleted rows are
 * included: the old key is retired only when nothing refers to it.
 */
export async function rewrapCredentials(
  platform: Pick<Platform, 'db' | 'secrets'>,
  options: RewrapOptions = {},
): Promise<RewrapSummary> {
  const batchSize = options.batchSize ?? 100;
  const keyring = platform.secrets.keyring;
  keyring.reload();
  const target = keyring.latest().version;
  const summary: RewrapSummary = { target, rewrapped: {}, failed: [], remaining: 0 };
  const behind = () =>
    and(
      lt(credentials.keyVersion, target),
      summary.failed.length > 0 ? notInArray(credentials.id, summary.failed) : undefined,
    );

  for (;;) {
    const done = await platform.db.transaction(async (tx) => {
      // tenancy: cross-tenant — key rotation re-wraps every organization's data keys
      const rows = await tx
        .select({
          id: credentials.id,
          orgId: credentials.orgId,
          keyVersion: credentials.keyVersion,
          wrappedKey: credentials.wrappedKey,
          ciphertext: credentials.ciphertext,
        })
        .from(credentials)
        .where(behind())
        .orderBy(credentials.id)
        .limit(batchSize)
        .for('update', { skipLocked: true });
      for (const row of rows) {
        let sealed: ReturnType<typeof rewrapEnvelope>;
        try {
          sealed = rewrapEnvelope(keyring, { orgId: row.orgId, recordId: row.id }, row);
        } catch {
          summary.failed.push(row.id);
          continue;
        }
        // tenancy: cross-tenant — key rotation re-wraps every organization's data keys (row locked above)
        await tx
          .update(credentials)
          .set({ keyVersion: sealed.keyVersion, wrappedKey: sealed.wrappedKey })
          .where(eq(credentials.id, row.id));
        summary.rewrapped[row.keyVersion] = (summary.rewrapped[row.keyVersion] ?? 0) + 1;
      }
      return rows.length === 0;
    });
    if (!done) {
      // Between batches the process's other work runs (in-process callers on the embedded database
      // would otherwise wait for the whole re-wrap: its queries can resolve without leaving the
      // microtask queue).
      await new Promise((resolve) => setImmediate(resolve));
      continue;
    }
    // Nothing unlocked was left; rows locked by changes in flight may still be behind.
    const left = await countBehind(platform, behind());
    if (left === 0) break;
    await new Promise((resolve) => setTimeout(resolve, options.lockedRetryMs ?? 50));
  }
  summary.remaining = await countBehind(platform, lt(credentials.keyVersion, target));
  return summary;
}

async function countBehind(platform: Pick<Platform, 'db'>, where: ReturnType<typeof and>): Promise<number> {
  // tenancy: cross-tenant — key rotation counts every organization's rows still under an older key
  const [row] = await platform.db.select({ n: count() }).from(credentials).where(where);
  return row?.n ?? 0;
}
