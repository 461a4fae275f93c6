import { ApplicationFailure, Context } from '@temporalio/activity';
import { and, eq } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { executions } from '../db/schema/index.js';
import { inOrg } from '../db/tenant.js';
import { recordAudit, systemActor } from '../services/audit/record-audit.js';
import { recordScheduledFiring } from '../services/triggers/record-scheduled-firing.js';
import type { ExecutionInput } from '../workflows/execution-input.js';
import {
  announceRunning,
  type ExecutionRow,
  executionInputFor,
  publishedDefinition,
  runnableWorkflow,
} from './run-preparation.js';

export interface PrepareScheduledExecutionRequest {
  scheduleId: string;
  orgId: string;
  workflowId: string;
  input: Record<string, unknown>;
  /** The Temporal workflow id of this run (`exe_<scheduleId>-<nominal time>`), also the execution id. */
  executionId: string;
  startedAt: string;
}

export interface ScheduleActivities {
  prepareScheduledExecution(request: PrepareScheduledExecutionRequest): Promise<ExecutionInput>;
}

/**
 * The database half of a scheduled run: Temporal started the run, this records it as an
 * execution (trigger `schedule`) of the newest published version and hands the interpreter its
 * input. A schedule outlives edits of its workflow, so the checks happen again on every run.
 */
export function createScheduleActivities(deps: { db: Db }): ScheduleActivities {
  return {
    async prepareScheduledExecution(request) {
      try {
        return await prepare(deps.db, request);
      } catch (error) {
        // A refusal is final (the run fails with it): the schedule's trigger records why.
        if (error instanceof ApplicationFailure && error.nonRetryable) {
          await recordScheduledFiring(deps.db, {
            orgId: request.orgId,
            scheduleId: request.scheduleId,
            executionId: null,
            error: { code: error.type ?? 'REFUSED', message: error.message },
          });
        }
        throw error;
      }
    },
  };
}

async function prepare(db: Db, request: PrepareScheduledExecutionRequest): Promise<ExecutionInput> {
  // A retried attempt finds the row the first attempt wrote, whatever happened to the workflow since.
  const existing = await findExecution(db, request.orgId, request.executionId);
  if (existing) return executionInputFor(existing, await publishedDefinition(db, existing));

  // The version a manual start would run now: a republished workflow runs its new version.
  const runnable = await runnableWorkflow(db, request);
  const inserted = await db.transaction(async (tx) => {
    const [row] = await tx
      .insert(executions)
      .values({
        id: request.executionId,
        orgId: request.orgId,
        workflowId: runnable.workflowId,
        workflowVersion: runnable.version,
        status: 'running',
        trigger: 'schedule',
        input: runnable.input,
        temporalRunId: Context.current().info.workflowExecution?.runId ?? null,
        startedAt: new Date(request.startedAt),
      })
      .onConflictDoNothing({ target: executions.id })
      .returning();
    if (!row) return undefined;
    await recordAudit(tx, systemActor(request.orgId), {
      action: 'execution.start',
      resourceType: 'execution',
      resourceId: row.id,
      details: {
        workflow_id: runnable.workflowId,
        version: runnable.version,
        trigger: 'schedule',
        schedule_id: request.scheduleId,
      },
    });
    return row;
  });
  if (!inserted) {
    // Two attempts racing (a timed-out attempt still running): the first row wins.
    const winner = await findExecution(db, request.orgId, request.executionId);
    if (winner) return executionInputFor(winner, await publishedDefinition(db, winner));
    // The id belongs to another organization's row: never adopt it.
    throw ApplicationFailure.nonRetryable(
      `Execution id ${request.executionId} is taken`,
      'EXECUTION_ID_TAKEN',
    );
  }
  await announceRunning(db, inserted);
  await recordScheduledFiring(db, {
    orgId: request.orgId,
    scheduleId: request.scheduleId,
    executionId: inserted.id,
    at: inserted.startedAt,
  });
  return executionInputFor(inserted, runnable.definition);
}

async function findExecution(db: Db, orgId: string, id: string): Promise<ExecutionRow | undefined> {
  const [row] = await db
    .select()
    .from(executions)
    .where(and(inOrg(executions, orgId), eq(executions.id, id)));
  return row;
}
