import { eq } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { executionLogs, executions } from '../db/schema/index.js';
import { inOrg } from '../db/tenant.js';
import { publishEvents } from '../services/events/publish.js';
import type { ReadModelWriter } from '../services/executions/read-model-writer.js';
import type { ExecutionOutcome } from '../workflows/execution-input.js';

export interface ReadModelActivities {
  recordExecutionOutcome(outcome: ExecutionOutcome): Promise<void>;
}

/**
 * The run's final status, written durably (a local activity: retried until it lands, recorded in
 * history) after the buffered step events, so the record never says "completed" before its steps.
 */
export function createReadModelActivities(deps: { db: Db; writer: ReadModelWriter }): ReadModelActivities {
  return {
    async recordExecutionOutcome(outcome) {
      await deps.writer.flush();
      const finishedAt = new Date();
      await deps.db.transaction(async (tx) => {
        const updated = await tx
          .update(executions)
          .set({
            status: outcome.status,
            output: outcome.output ?? null,
            error: outcome.error ?? null,
            finishedAt,
            updatedAt: finishedAt,
          })
          .where(
            inOrg(
              executions,
              outcome.orgId,
              eq(executions.id, outcome.executionId),
              eq(executions.status, 'running'),
            ),
          )
          .returning({ id: executions.id, workflowId: executions.workflowId });
        if (updated.length === 0) return;
        await tx.insert(executionLogs).values({
          orgId: outcome.orgId,
          executionId: outcome.executionId,
          level: outcome.status === 'failed' ? 'error' : 'info',
          stepId: outcome.error?.step_id ?? null,
          message: `Execution ${outcome.status}`,
          data: outcome.error ?? null,
          at: finishedAt,
        });
        await publishEvents(tx, [
          {
            type: 'execution.status_changed',
            orgId: outcome.orgId,
            data: {
              execution_id: outcome.executionId,
              workflow_id: updated[0]?.workflowId,
              status: outcome.status,
              error: outcome.error ?? null,
              at: finishedAt.toISOString(),
            },
          },
        ]);
      });
    },
  };
}
