import { lt, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { rateLimitBuckets } from '../../db/schema/index.js';

export interface RateLimitResult {
  allowed: boolean;
  retryAfterSeconds: number;
  /** Hits beyond the limit in this window, this one included (0 while allowed). */
  over: number;
}

/**
 * Counts one hit against `key` in the current fixed window. The increment is one atomic upsert,
 * so concurrent requests from several API processes never lose a count.
 */
export async function hitRateLimit(
  db: Db,
  key: string,
  limit: { max: number; windowSeconds: number },
  now = new Date(),
): Promise<RateLimitResult> {
  const windowMs = limit.windowSeconds * 1000;
  const windowStart = new Date(Math.floor(now.getTime() / windowMs) * windowMs);
  const [row] = await db
    .insert(rateLimitBuckets)
    .values({ key, windowStart, hits: 1 })
    .onConflictDoUpdate({
      target: [rateLimitBuckets.key, rateLimitBuckets.windowStart],
      set: { hits: sql`${rateLimitBuckets.hits} + 1` },
    })
    .returning({ hits: rateLimitBuckets.hits });
  // Expired windows are swept now and then by the callers themselves rather than by a timer.
  if (Math.random() < 0.01) {
    // tenancy: cross-tenant — a sweep of expired windows; buckets are keyed by client, not owned by an org
    await db
      .delete(rateLimitBuckets)
      .where(lt(rateLimitBuckets.windowStart, new Date(now.getTime() - 2 * windowMs)));
  }
  const retryAfterSeconds = Math.max(1, Math.ceil((windowStart.getTime() + windowMs - now.getTime()) / 1000));
  const hits = row?.hits ?? 1;
  return { allowed: hits <= limit.max, retryAfterSeconds, over: Math.max(0, hits - limit.max) };
}
