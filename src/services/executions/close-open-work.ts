import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { agentTasks, approvals } from '../../db/schema/index.js';
import { inOrg } from '../../db/tenant.js';

/**
 * A run closed from outside (terminated in the Temporal UI, timed out) never lets its steps clean
 * up: its approval requests would wait for approvers forever and its agent tasks would stay in
 * the queue. Closes them as cancelled, in the caller's transaction; robots holding a task learn it
 * at their next heartbeat.
 */
export async function closeOpenWork(tx: Db, orgId: string, executionId: string, at: Date): Promise<void> {
  await tx
    .update(approvals)
    .set({ status: 'cancelled', decidedAt: at, updatedAt: at })
    .where(
      inOrg(approvals, orgId, and(eq(approvals.executionId, executionId), eq(approvals.status, 'pending'))),
    );
  await tx
    .update(agentTasks)
    .set({ status: 'cancelled', cancelRequested: true, finishedAt: at, updatedAt: at })
    .where(
      inOrg(
        agentTasks,
        orgId,
        and(eq(agentTasks.executionId, executionId), inArray(agentTasks.status, ['pending', 'claimed'])),
      ),
    );
}
