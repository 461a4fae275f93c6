import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { executions } from '../../db/schema/index.js';
import { inOrg } from '../../db/tenant.js';

/**
 * The user who started the run (`executions.started_by`), null for a run no person started or an
 * execution the organization does not have: an approver may not approve their own run, and a
 * sub-workflow child counts as started by whoever started its parent.
 */
export async function findRunStarter(
  db: Db,
  run: { orgId: string; executionId: string },
): Promise<string | null> {
  const [row] = await db
    .select({ startedBy: executions.startedBy })
    .from(executions)
    .where(inOrg(executions, run.orgId, eq(executions.id, run.executionId)));
  return row?.startedBy ?? null;
}
