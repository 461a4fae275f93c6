import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { agentTasks } from '../../db/schema/index.js';
import { inOrg } from '../../db/tenant.js';

/**
 * Closes what an `agent` step left open when it ended without a result: cancelled with its run,
 * or failed by a timeout. A queued task leaves the queue at once; a robot holding one learns at
 * its next heartbeat that it should stop, and its late result is refused.
 */
export async function closeStepTasks(
  db: Db,
  target: { orgId: string; executionId: string; stepPath: string; status: 'cancelled' | 'timed_out' },
): Promise<number> {
  const now = new Date();
  const closed = await db
    .update(agentTasks)
    .set({
      status: target.status,
      cancelRequested: target.status === 'cancelled',
      finishedAt: now,
      updatedAt: now,
    })
    .where(
      and(
        inOrg(agentTasks, target.orgId, eq(agentTasks.executionId, target.executionId)),
        eq(agentTasks.stepPath, target.stepPath),
        inArray(agentTasks.status, ['pending', 'claimed']),
      ),
    )
    .returning({ id: agentTasks.id });
  return closed.length;
}
