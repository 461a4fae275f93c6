import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { executions } from '../../db/schema/index.js';
import { inOrg } from '../../db/tenant.js';
import { ApiError } from '../../lib/errors.js';

/** How long a refused caller is told to wait: runs end on their own, the quota frees itself. */
const RETRY_AFTER_SECONDS = 5;

/**
 * Refuses a new run while the organization has `max` running already (429 `quota_exceeded` with
 * `Retry-After`), so one tenant's fan-out cannot fill the workers every tenant shares. Counted on
 * the (org, status) index, up to `max` rows and no further. Concurrent starts may overshoot by
 * the few that count at the same moment: a guard against floods, not an exact ledger.
 */
export async function enforceRunningQuota(db: Db, orgId: string, max: number): Promise<void> {
  const [row] = await db.select({ running: sql<number>`count(*)::int` }).from(
    db
      .select({ one: sql`1` })
      .from(executions)
      .where(and(inOrg(executions, orgId), eq(executions.status, 'running')))
      .limit(max)
      .as('running'),
  );
  if ((row?.running ?? 0) < max) return;
  throw new ApiError(
    'quota_exceeded',
    `This organization has ${max} executions running, its limit; start more when some have finished`,
    {
      details: { limit: max, retry_after_seconds: RETRY_AFTER_SECONDS },
      headers: { 'Retry-After': String(RETRY_AFTER_SECONDS) },
    },
  );
}
