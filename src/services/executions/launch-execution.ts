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
 * row, and starts the interpreter in Temporal, all or nothing. The same Idempotency-Key returns the
 * execution it first started instead of starting another. Callers check the permission.
 */
export async function launchExecution(
  ctx: ServiceContext,
  request: LaunchRequest,
): Promise<{ execution: ExecutionRow; created: boolean }> {
  if (request.idempotencyKey) {
    const existing = await findByIdempotencyKey(ctx, request.idempotencyKey);
    if (existing) return { execution: existing, created: false };
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
  const [snapshot] = await ctx.db
    .select()
    .from(workflowVersions)
    .where(
      inOrg(
        workflowVersions,
        ctx.orgId,
        eq(workflowVersions.workflowId, workflow.id),
        eq(workflowVersions.version, version),
      ),
    );
  if (!snapshot) throw notFound('Workflow version');
  const definition = snapshot.definition as unknown as WorkflowDefinition;
  const checked = validateInput(definition, request.input);
  if (!checked.ok) {
    throw new ApiError(400, 'validation_failed', `Invalid input: ${checked.errors.length} problem(s)`, {
      errors: checked.errors,
    });
  }

  // Under an Idempotency-Key the id (also the Temporal workflow id) comes from the key: a retry
  // after a crash between Temporal's start and our commit meets the run the first attempt started
  // instead of starting a second one.
  const key = request.idempotencyKey;
  const executionId = key ? derivedId('exe', ctx.orgId, key) : newId('exe');
  const startedAt = new Date();
  try {
    const execution = await ctx.db.transaction(async (tx) => {
      const [row] = await tx
        .insert(executions)
        .values({
          id: executionId,
          orgId: ctx.orgId,
          workflowId: workflow.id,
          workflowVersion: version,
          status: 'running',
          trigger: request.trigger,
          input: checked.value,
          idempotencyKey: request.idempotencyKey ?? null,
          retryOf: request.retryOf ?? null,
          startedBy: ctx.actor.id,
          startedAt,
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
      const executionInput: ExecutionInput = {
        executionId,
        orgId: ctx.orgId,
        workflowId: workflow.id,
        version,
        definition,
        input: checked.value,
        trigger: request.trigger,
        startedAt: startedAt.toISOString(),
        resume: request.resume,
      };
      // Last in the transaction: if Temporal refuses the start, the row and its audit roll back.
      let runId: string;
      try {
        const handle = await ctx.temporal.client.workflow.start(INTERPRETER_WORKFLOW_TYPE, {
          workflowId: executionId,
          taskQueue: ctx.temporal.taskQueue,
          args: [executionInput],
          typedSearchAttributes: [
            { key: ConveyorOrgId, value: ctx.orgId },
            { key: ConveyorWorkflowId, value: workflow.id },
            { key: ConveyorExecutionId, value: executionId },
            { key: ConveyorTrigger, value: request.trigger },
          ],
          staticSummary: `${workflow.name} v${version}`,
          // Keyed: adopt the run a crashed attempt started, whether it still runs or already closed.
          ...(key
            ? { workflowIdConflictPolicy: 'USE_EXISTING', workflowIdReusePolicy: 'REJECT_DUPLICATE' }
            : {}),
        });
        runId = handle.firstExecutionRunId;
      } catch (error) {
        if (!(key && error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
        runId = (await ctx.temporal.client.workflow.getHandle(executionId).describe()).runId;
      }
      const [withRun] = await tx
        .update(executions)
        .set({ temporalRunId: runId })
        .where(eq(executions.id, executionId))
        .returning();
      return withRun ?? (row as ExecutionRow);
    });
    await publishEvents(ctx.db, [
      {
        type: 'execution.status_changed',
        orgId: ctx.orgId,
        data: {
          execution_id: executionId,
          workflow_id: workflow.id,
          status: 'running',
          at: startedAt.toISOString(),
        },
      },
    ]);
    return { execution, created: true };
  } catch (error) {
    if (request.idempotencyKey && isUniqueViolation(error)) {
      const existing = await findByIdempotencyKey(ctx, request.idempotencyKey);
      if (existing) return { execution: existing, created: false };
    }
    throw error;
  }
}

async function findByIdempotencyKey(ctx: ServiceContext, key: string): Promise<ExecutionRow | undefined> {
  const [row] = await ctx.db
    .select()
    .from(executions)
    .where(and(inOrg(executions, ctx.orgId), eq(executions.idempotencyKey, key)));
  return row;
}
