import { eq } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { Db } from '../db/client.js';
import { executionLogs, executions } from '../db/schema/index.js';
import { inOrg } from '../db/tenant.js';
import { publishEvents } from '../services/events/publish.js';
import type { ReadModelWriter } from '../services/executions/read-model-writer.js';
import { fireEventTriggers } from '../services/triggers/fire-event-triggers.js';
import type { TemporalHandle } from '../temporal/client.js';
import type { ExecutionOutcome } from '../workflows/execution-input.js';

export interface ReadModelActivities {
  recordExecutionOutcome(outcome: ExecutionOutcome): Promise<void>;
}

/**
 * The run's final status, written durably (a local activity: retried until it lands, recorded in
 * history) after the buffered step events, so the record never says "completed" before its steps.
 * Once it is committed, event triggers listening for the outcome start their runs.
 */
export function createReadModelActivities(deps: {
  db: Db;
  writer: ReadModelWriter;
  temporal: TemporalHandle;
  logger: Logger;
}): ReadModelActivities {
  return {
    async recordExecutionOutcome(outcome) {
      await deps.writer.flush();
      const finishedAt = new Date();
      const recordedFor = await deps.db.transaction(async (tx) => {
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
        if (updated.length === 0) return null;
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
        return updated[0]?.workflowId ?? null;
      });
      if (outcome.status === 'completed' || outcome.status === 'failed') {
        // A retry after the outcome was committed fires again; the triggers' idempotency keys make that safe.
        const workflowId = recordedFor ?? (await recordedWorkflow(deps.db, outcome));
        if (workflowId) {
          await fireEventTriggers(deps, {
            orgId: outcome.orgId,
            kind: outcome.status === 'completed' ? 'execution.completed' : 'execution.failed',
            workflowId,
            executionId: outcome.executionId,
            data: { status: outcome.status, output: outcome.output ?? null, error: outcome.error ?? null },
          });
        }
      }
    },
  };
}

/** The execution's workflow when an earlier attempt already recorded this same outcome. */
async function recordedWorkflow(db: Db, outcome: ExecutionOutcome): Promise<string | null> {
  const [row] = await db
    .select({ workflowId: executions.workflowId, status: executions.status })
    .from(executions)
    .where(inOrg(executions, outcome.orgId, eq(executions.id, outcome.executionId)));
  return row?.status === outcome.status ? row.workflowId : null;
}
