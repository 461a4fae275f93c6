import { ApplicationFailure, Context } from '@temporalio/activity';
import type { Db } from '../db/client.js';
import { systemActor } from '../services/audit/record-audit.js';
import { executionInputFor } from '../services/executions/execution-input-for.js';
import {
  ExecutionIdTakenError,
  findRecorded,
  recordExecution,
} from '../services/executions/record-execution.js';
import { recordScheduledFiring } from '../services/triggers/record-scheduled-firing.js';
import type { ExecutionInput } from '../workflows/execution-input.js';
import { publishedDefinition, runnableWorkflow } from './run-preparation.js';

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
  const existing = await findRecorded(db, request.orgId, { id: request.executionId });
  if (existing) return executionInputFor(existing, await publishedDefinition(db, existing));

  // The version a manual start would run now: a republished workflow runs its new version.
  const runnable = await runnableWorkflow(db, request);
  const recorded = await recordExecution(
    { db, ...systemActor(request.orgId) },
    {
      target: runnable,
      trigger: 'schedule',
      id: request.executionId,
      startedBy: null,
      startedAt: new Date(request.startedAt),
      temporalRunId: Context.current().info.workflowExecution?.runId ?? null,
      auditDetails: { schedule_id: request.scheduleId },
      announce: 'now',
    },
  ).catch((error: unknown) => {
    if (error instanceof ExecutionIdTakenError) {
      throw ApplicationFailure.nonRetryable(error.message, 'EXECUTION_ID_TAKEN');
    }
    throw error;
  });
  // Two attempts racing (a timed-out attempt still running): the first row wins.
  if (!recorded.created) {
    return executionInputFor(recorded.execution, await publishedDefinition(db, recorded.execution));
  }
  await recordScheduledFiring(db, {
    orgId: request.orgId,
    scheduleId: request.scheduleId,
    executionId: recorded.execution.id,
    at: recorded.execution.startedAt,
  });
  return executionInputFor(recorded.execution, runnable.definition);
}
