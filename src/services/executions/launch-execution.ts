import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { and, eq, isNull } from 'drizzle-orm';
import { isUniqueViolation } from '../../db/errors.js';
import type { ExecutionTrigger } from '../../db/schema/index.js';
import { executions, workflows, workflowVersions } from '../../db/schema/index.js';
import { inOrg } from '../../db/tenant.js';
import { ApiError, notFound } from '../../lib/errors.js';
import { derivedId, newId } from '../../lib/ids.js';
import {
  ConveyorExecutionId,
  ConveyorOrgId,
  ConveyorTrigger,
  ConveyorWorkflowId,
} from '../../temporal/search-attributes.js';
import type { WorkflowDefinition } from '../../workflows/definition/types.js';
import {
  type ExecutionInput,
  INTERPRETER_WORKFLOW_TYPE,
  type ResumeState,
} from '../../workflows/execution-input.js';
import { recordAudit } from '../audit/record-audit.js';
import type { ServiceContext } from '../context.js';
import { publishEvents } from '../events/publish.js';
import { validateInput } from '../workflows/validate-input.js';

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

export type ExecutionRow = typeof executions.$inferSelect;

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
  const key = request.idempotencyKey;
  if (key) {
    const existing = await findByIdempotencyKey(ctx, key);
    if (existing) return { execution: await ensureStarted(ctx, existing, request), created: false };
  }
  const [workflow] = await ctx.db
    .select()
    .from(workflows)
    .where(inOrg(workflows, ctx.orgId, eq(workflows.id, request.workflowId), isNull(workflows.deletedAt)));
  if (!workflow) throw notFound('Workflow');
  if (workflow.status === 'archived')
    throw new ApiError(409, 'workflow_archived', 'Archived workflows cannot run');
  const version = request.version ?? workflow.publishedVersion;
  if (version === null || version === undefined) {
    throw new ApiError(409, 'workflow_not_published', 'Publish the workflow before running it');
  }
  const definition = await definitionOf(ctx, workflow.id, version);
  const checked = validateInput(definition, request.input);
  if (!checked.ok) {
    throw new ApiError(400, 'validation_failed', `Invalid input: ${checked.errors.length} problem(s)`, {
      errors: checked.errors,
    });
  }

  const executionId = key ? derivedId('exe', ctx.orgId, key) : newId('exe');
  let row: ExecutionRow;
  try {
    row = await ctx.db.transaction(async (tx) => {
      const [inserted] = await tx
        .insert(executions)
        .values({
          id: executionId,
          orgId: ctx.orgId,
          workflowId: workflow.id,
          workflowVersion: version,
          status: 'running',
          trigger: request.trigger,
          input: checked.value,
          idempotencyKey: key ?? null,
          retryOf: request.retryOf ?? null,
          startedBy: ctx.actor.id,
          startedAt: new Date(),
        })
        .returning();
      await recordAudit(tx, ctx, {
        action: 'execution.start',
        resourceType: 'execution',
        resourceId: executionId,
        details: {
          workflow_id: workflow.id,
          version,
          trigger: request.trigger,
          retry_of: request.retryOf ?? null,
        },
      });
      return inserted as ExecutionRow;
    });
  } catch (error) {
    // Two requests with one key racing: the loser answers with the winner's execution.
    if (key && isUniqueViolation(error)) {
      const existing = await findByIdempotencyKey(ctx, key);
      if (existing) return { execution: await ensureStarted(ctx, existing, request), created: false };
    }
    throw error;
  }
  const execution = await startRun(ctx, row, { name: workflow.name, definition, resume: request.resume });
  await publishEvents(ctx.db, [
    {
      type: 'execution.status_changed',
      orgId: ctx.orgId,
      data: {
        execution_id: executionId,
        workflow_id: workflow.id,
        status: 'running',
        at: row.startedAt.toISOString(),
      },
    },
  ]);
  return { execution, created: true };
}

/**
 * A keyed execution found again: started already (the usual case), or recorded by an attempt that
 * crashed before Temporal's start, whose run this starts now.
 */
async function ensureStarted(
  ctx: ServiceContext,
  row: ExecutionRow,
  request: LaunchRequest,
): Promise<ExecutionRow> {
  if (row.temporalRunId || row.status !== 'running') return row;
  const [workflow] = await ctx.db
    .select({ name: workflows.name })
    .from(workflows)
    .where(inOrg(workflows, ctx.orgId, eq(workflows.id, row.workflowId)));
  const definition = await definitionOf(ctx, row.workflowId, row.workflowVersion);
  return startRun(ctx, row, { name: workflow?.name ?? row.workflowId, definition, resume: request.resume });
}

async function startRun(
  ctx: ServiceContext,
  row: ExecutionRow,
  run: { name: string; definition: WorkflowDefinition; resume?: ResumeState },
): Promise<ExecutionRow> {
  const executionInput: ExecutionInput = {
    executionId: row.id,
    orgId: row.orgId,
    workflowId: row.workflowId,
    version: row.workflowVersion,
    definition: run.definition,
    input: row.input,
    trigger: row.trigger,
    startedAt: row.startedAt.toISOString(),
    resume: run.resume,
  };
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
  const [withRun] = await ctx.db
    .update(executions)
    .set({ temporalRunId: runId })
    .where(inOrg(executions, row.orgId, eq(executions.id, row.id)))
    .returning();
  return withRun ?? { ...row, temporalRunId: runId };
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

async function definitionOf(
  ctx: ServiceContext,
  workflowId: string,
  version: number,
): Promise<WorkflowDefinition> {
  const [snapshot] = await ctx.db
    .select()
    .from(workflowVersions)
    .where(
      inOrg(
        workflowVersions,
        ctx.orgId,
        eq(workflowVersions.workflowId, workflowId),
        eq(workflowVersions.version, version),
      ),
    );
  if (!snapshot) throw notFound('Workflow version');
  return snapshot.definition as unknown as WorkflowDefinition;
}

async function findByIdempotencyKey(ctx: ServiceContext, key: string): Promise<ExecutionRow | undefined> {
  const [row] = await ctx.db
    .select()
    .from(executions)
    .where(and(inOrg(executions, ctx.orgId), eq(executions.idempotencyKey, key)));
  return row;
}
