import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { agentTasks, executions } from '../../db/schema/index.js';
import { inOrg } from '../../db/tenant.js';
import type { TemporalHandle } from '../../temporal/client.js';
import type { AgentTaskRow } from './task-resource.js';
import { reportCancelled } from './temporal-attempt.js';

/**
 * Closes a task whose Temporal attempt can no longer be finished. Asked to cancel: acknowledged,
 * so Temporal stops waiting for it. Gone: its run ended (the task is cancelled with it) or the
 * attempt timed out and a retry owns the step now (timed out). Only an open task changes.
 */
export async function settleDeadTask(
  db: Db,
  temporal: TemporalHandle,
  row: Pick<AgentTaskRow, 'id' | 'orgId' | 'executionId'>,
  state: 'cancel_requested' | 'gone',
  token: Uint8Array,
): Promise<'cancelled' | 'timed_out'> {
  let status: 'cancelled' | 'timed_out' = 'cancelled';
  if (state === 'cancel_requested') {
    await reportCancelled(temporal, token);
  } else {
    const [execution] = await db
      .select({ status: executions.status })
      .from(executions)
      .where(inOrg(executions, row.orgId, eq(executions.id, row.executionId)));
    if (!execution || execution.status === 'running') status = 'timed_out';
  }
  const now = new Date();
  await db
    .update(agentTasks)
    .set({ status, cancelRequested: status === 'cancelled', finishedAt: now, updatedAt: now })
    .where(
      and(
        inOrg(agentTasks, row.orgId, eq(agentTasks.id, row.id)),
        inArray(agentTasks.status, ['pending', 'claimed']),
      ),
    );
  return status;
}
