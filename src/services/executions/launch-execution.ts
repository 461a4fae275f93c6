import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { eq, getTableColumns, isNull, type WithSubquery } from 'drizzle-orm';
import type { ExecutionTrigger } from '../../db/schema/index.js';
import { executions } from '../../db/schema/index.js';
import { inOrg } from '../../db/tenant.js';
import { ApiError, notFound, validationFailed } from '../../lib/errors.js';
import {
  ConveyorExecutionId,
  ConveyorOrgId,
  ConveyorTrigger,
  ConveyorWorkflowId,
} from '../../temporal/search-attributes.js';
import type { WorkflowDefinition } from '../../workflows/definition/types.js';
import { INTERPRETER_WORKFLOW_TYPE, type ResumeState } from '../../workflows/execution-input.js';
import type { ServiceContext } from '../context.js';
import { notifyExpression } from '../events/publish.js';
import { executionInputFor } from './execution-input-for.js';
import { type LaunchTarget, loadLaunchTarget } from './launch-target.js';
import { type ExecutionRow, recordExecution, runningEvent } from './record-execution.js';
import { checkRunnable, type RunRefusal } from './runnable-target.js';
import { enforceRunningQuota } from './running-quota.js';

export type { ExecutionRow } from './record-execution.js';

export interface LaunchRequest {
  workflowId: string;
  input: Record<string, unknown>;
  trigger: ExecutionTrigger;
  idempotencyKey?: string;
  retryOf?: string;
  /** Run this version instead of the newest published one (retries keep their run's version). */
  version?: number;
  resume?: ResumeState;
}

/**
 * Writes that belong with a started run (a trigger counts its firing): data-modifying CTEs that
 * commit in the statement recording the run id, so they cost no round trip of their own.
 */
export type RecordWithStart = (execution: ExecutionRow) => WithSubquery[];

/**
 * Starts a run of a published workflow: validates the input, records the execution and its audit
 * row, then starts the interpreter in Temporal. The record commits first, so no database lock or
 * pooled connection is held while Temporal answers; a start Temporal refuses marks the record
 * failed (`START_FAILED`) and the error reaches the caller. The same Idempotency-Key returns the
 * execution it first recorded, and starts its run if a crashed attempt never did: the key also
 * fixes the Temporal workflow id, so however often that happens there is one run. Callers check
 * the permission.
 */
export async function launchExecution(
  ctx: ServiceContext,
  request: LaunchRequest,
): Promise<{ execution: ExecutionRow; created: boolean }> {
  // The workflow, its version and what the key recorded already: one read before the insert.
  const target = await loadLaunchTarget(ctx.db, ctx.orgId, request.workflowId, {
    version: request.version,
    idempotencyKey: request.idempotencyKey,
  });
  if (target?.keyed)
    return { execution: await resumeRecorded(ctx, target.keyed, request.resume), created: false };
  if (!target) throw notFound('Workflow');
  return launchNewExecution(ctx, request, target);
}

/**
 * The execution an Idempotency-Key recorded: started already (the usual case), or recorded by an
 * attempt that crashed before Temporal's start, whose run this starts now.
 */
export async function resumeRecorded(
  ctx: ServiceContext,
  row: ExecutionRow,
  resume?: ResumeState,
): Promise<ExecutionRow> {
  if (row.temporalRunId || row.status !== 'running') return row;
  const target = await loadLaunchTarget(ctx.db, ctx.orgId, row.workflowId, { version: row.workflowVersion });
  if (!target?.definition) throw notFound('Workflow version');
  return startRun(ctx, row, { name: target.workflow.name, definition: target.definition, resume });
}

/**
 * `launchExecution` for a caller that has read the target, and what its key recorded, already (a
 * trigger reads it to map its payload): the hot path of every webhook.
 */
export async function launchNewExecution(
  ctx: ServiceContext,
  request: LaunchRequest,
  target: LaunchTarget,
  recordWithStart?: RecordWithStart,
): Promise<{ execution: ExecutionRow; created: boolean }> {
  const checked = checkRunnable(target, request.input);
  if (!checked.ok) throw refusalError(checked.refusal);
  const runnable = checked.target;

  await enforceRunningQuota(ctx.db, ctx.orgId, ctx.config.limits.maxRunningExecutions);

  const recorded = await recordExecution(ctx, {
    target: runnable,
    trigger: request.trigger,
    idempotencyKey: request.idempotencyKey,
    retryOf: request.retryOf,
    startedBy: ctx.actor.id,
    auditDetails: { retry_of: request.retryOf ?? null },
    announce: 'with-run-id',
  });
  // Two requests with one key racing: the loser answers with the winner's execution.
  if (!recorded.created) {
    return { execution: await resumeRecorded(ctx, recorded.execution, request.resume), created: false };
  }
  const row = recorded.execution;
  const execution = await startRun(
    ctx,
    row,
    { name: runnable.workflowName, definition: runnable.definition, resume: request.resume },
    recordWithStart,
  );
  return { execution, created: true };
}

async function startRun(
  ctx: ServiceContext,
  row: ExecutionRow,
  run: { name: string; definition: WorkflowDefinition; resume?: ResumeState },
  recordWithStart?: RecordWithStart,
): Promise<ExecutionRow> {
  const executionInput = executionInputFor(row, run.definition, run.resume);
  let runId: string;
  try {
    const handle = await ctx.temporal.client.workflow.start(INTERPRETER_WORKFLOW_TYPE, {
      workflowId: row.id,
      taskQueue: ctx.temporal.taskQueue,
      args: [executionInput],
      typedSearchAttributes: [
        { key: ConveyorOrgId, value: row.orgId },
        { key: ConveyorWorkflowId, value: row.workflowId },
        { key: ConveyorExecutionId, value: row.id },
        { key: ConveyorTrigger, value: row.trigger },
      ],
      staticSummary: `${run.name} v${row.workflowVersion}`,
      // A keyed id may meet the run an earlier attempt started, running or closed: adopt it.
      ...(row.idempotencyKey
        ? { workflowIdConflictPolicy: 'USE_EXISTING', workflowIdReusePolicy: 'REJECT_DUPLICATE' }
        : {}),
    });
    runId = handle.firstExecutionRunId;
  } catch (error) {
    if (row.idempotencyKey && error instanceof WorkflowExecutionAlreadyStartedError) {
      runId = (await ctx.temporal.client.workflow.getHandle(row.id).describe()).runId;
    } else {
      await markStartFailed(ctx, row, error);
      throw error;
    }
  }
  // Announced with the same statement that records the run id: one round trip after the start.
  const [withRun] = await ctx.db
    .with(...(recordWithStart?.(row) ?? []))
    .update(executions)
    .set({ temporalRunId: runId })
    .where(inOrg(executions, row.orgId, eq(executions.id, row.id)))
    .returning({
      ...getTableColumns(executions),
      announced: notifyExpression(runningEvent(row)),
    });
  if (!withRun) return { ...row, temporalRunId: runId };
  const { announced: _announced, ...execution } = withRun;
  return execution;
}

/** A refusal as the API answers it: a missing workflow or version is 404, one that cannot run 409. */
function refusalError(refusal: RunRefusal): ApiError {
  switch (refusal.reason) {
    case 'workflow_not_found':
      return notFound('Workflow');
    case 'workflow_archived':
      return new ApiError('workflow_archived', 'Archived workflows cannot run');
    case 'workflow_not_published':
      return new ApiError('workflow_not_published', 'Publish the workflow before running it');
    case 'version_not_found':
      return notFound('Workflow version');
    case 'input_invalid':
      return validationFailed('input', refusal.errors);
  }
}

/** The record stays (its audit row says it was asked for), closed with why it never ran. */
async function markStartFailed(ctx: ServiceContext, row: ExecutionRow, error: unknown): Promise<void> {
  const message = `Temporal did not start the run: ${(error as Error).message ?? String(error)}`.slice(
    0,
    1000,
  );
  await ctx.db
    .update(executions)
    .set({
      status: 'failed',
      error: { code: 'START_FAILED', message },
      finishedAt: new Date(),
      updatedAt: new Date(),
    })
    .where(inOrg(executions, row.orgId, eq(executions.id, row.id), isNull(executions.temporalRunId)))
    .catch(() => undefined);
}
