import { ApplicationFailure, Context } from '@temporalio/activity';
import type { Db } from '../db/client.js';
import { ApiError } from '../lib/errors.js';
import { newId } from '../lib/ids.js';
import { systemActor } from '../services/audit/record-audit.js';
import { executionInputFor } from '../services/executions/execution-input-for.js';
import { findRunStarter } from '../services/executions/find-run-starter.js';
import { findRecorded, recordExecution } from '../services/executions/record-execution.js';
import { enforceRunningQuota } from '../services/executions/running-quota.js';
import type { TenantLimits } from '../services/tenant-limits.js';
import type { ExecutionInput } from '../workflows/execution-input.js';
import { publishedDefinition, runnableWorkflow } from './run-preparation.js';

export interface ChildExecutionRequest {
  orgId: string;
  parentExecutionId: string;
  /** The child's definition: a published workflow of the parent's organization. */
  workflowId: string;
  version?: number;
  input: Record<string, unknown>;
  /** The `sub_workflow` step's path in the parent run (`loop[2].child`). */
  path: string;
}

export interface SubWorkflowActivities {
  prepareChildExecution(request: ChildExecutionRequest): Promise<ExecutionInput>;
}

/**
 * The database half of a `sub_workflow` step: checks the child definition and its input, and
 * records the child's execution row (trigger `sub_workflow`), whose id the workflow then starts as
 * a Temporal child. Idempotent: a retried attempt finds the row the first attempt wrote.
 */
export function createSubWorkflowActivities(deps: { db: Db; limits: TenantLimits }): SubWorkflowActivities {
  return {
    async prepareChildExecution(request) {
      const { info } = Context.current();
      // Parent + path names the step; run id + activity id name this one pass of it (a goto loop
      // or a continued run runs the same path again and must get a new child). Stable across retries.
      const key = `sub_workflow:${request.parentExecutionId}/${request.path}#${info.workflowExecution?.runId}:${info.activityId}`;
      const existing = await findRecorded(deps.db, request.orgId, { idempotencyKey: key });
      if (existing) {
        return executionInputFor(existing, await publishedDefinition(deps.db, existing));
      }

      const runnable = await runnableWorkflow(deps.db, request);
      await childWithinQuota(deps.db, request.orgId, deps.limits.maxRunningExecutions);
      // Two attempts racing (a timed-out attempt still running): the first row wins.
      const { execution } = await recordExecution(
        { db: deps.db, ...systemActor(request.orgId) },
        {
          target: runnable,
          trigger: 'sub_workflow',
          id: newId('exe'),
          idempotencyKey: key,
          startedBy: await findRunStarter(deps.db, {
            orgId: request.orgId,
            executionId: request.parentExecutionId,
          }),
          auditDetails: { parent_execution_id: request.parentExecutionId, parent_step: request.path },
          announce: 'now',
        },
      );
      return executionInputFor(execution, runnable.definition);
    },
  };
}

/**
 * A child is a run like any other and counts against its organization's running quota, so a
 * foreach of fire-and-forget children cannot flood the workers. Over it, the attempt fails
 * retryably: the step waits through its retries for runs to end, then fails with QUOTA_EXCEEDED.
 */
async function childWithinQuota(db: Db, orgId: string, max: number): Promise<void> {
  try {
    await enforceRunningQuota(db, orgId, max);
  } catch (error) {
    if (error instanceof ApiError) throw ApplicationFailure.retryable(error.message, 'QUOTA_EXCEEDED');
    throw error;
  }
}
