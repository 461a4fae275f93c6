import { eq, inArray, lt } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { agentTasks } from '../../db/schema/index.js';
import { inOrg } from '../../db/tenant.js';
import { newId } from '../../lib/ids.js';
import { sealTaskAttempt, type TaskAttempt } from './task-attempt.js';

/** What an `agent` step asks for; the step renders its templates before sending it. */
export interface AgentTaskRequest {
  orgId: string;
  executionId: string;
  stepPath: string;
  taskType: string;
  payload: unknown;
  labels: string[];
  capabilities: string[];
}

export interface AgentTaskAttemptRecord extends AgentTaskRequest {
  /** Unique within the execution across continue-as-new runs: `<runId>/<activityId>`. */
  activityId: string;
  attempt: number;
  temporal: TaskAttempt;
}

/**
 * Queues one attempt's task, once: a redelivered attempt finds its row instead of adding one. An
 * older attempt of the same activity that is still open is dead (Temporal only retries after the
 * previous attempt ended), so it is closed here and can no longer be claimed or finished.
 */
export async function recordAgentTask(
  db: Db,
  masterKey: Buffer,
  record: AgentTaskAttemptRecord,
): Promise<{ id: string; created: boolean }> {
  const id = newId('tsk');
  return db.transaction(async (tx) => {
    const now = new Date();
    await tx
      .update(agentTasks)
      .set({ status: 'timed_out', finishedAt: now, updatedAt: now })
      .where(
        inOrg(
          agentTasks,
          record.orgId,
          eq(agentTasks.executionId, record.executionId),
          eq(agentTasks.activityId, record.activityId),
          lt(agentTasks.attempt, record.attempt),
          inArray(agentTasks.status, ['pending', 'claimed']),
        ),
      );
    const [inserted] = await tx
      .insert(agentTasks)
      .values({
        id,
        orgId: record.orgId,
        executionId: record.executionId,
        stepPath: record.stepPath,
        activityId: record.activityId,
        attempt: record.attempt,
        taskType: record.taskType,
        payload: record.payload ?? null,
        requiredLabels: [...new Set(record.labels)],
        requiredCapabilities: [...new Set(record.capabilities)],
        taskTokenCiphertext: sealTaskAttempt(masterKey, id, record.temporal),
        // The attempt started a moment ago: the queue's keep-alive counts from here.
        lastHeartbeatAt: now,
      })
      .onConflictDoNothing({
        target: [agentTasks.executionId, agentTasks.activityId, agentTasks.attempt],
      })
      .returning({ id: agentTasks.id });
    if (inserted) return { id: inserted.id, created: true };
    const [existing] = await tx
      .select({ id: agentTasks.id })
      .from(agentTasks)
      .where(
        inOrg(
          agentTasks,
          record.orgId,
          eq(agentTasks.executionId, record.executionId),
          eq(agentTasks.activityId, record.activityId),
          eq(agentTasks.attempt, record.attempt),
        ),
      );
    if (!existing) throw new Error('agent task neither inserted nor found');
    return { id: existing.id, created: false };
  });
}
