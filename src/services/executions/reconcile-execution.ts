import { WorkflowNotFoundError } from '@temporalio/client';
import { and, eq, isNull } from 'drizzle-orm';
import { type ExecutionStatus, executionLogs, executionSteps, executions } from '../../db/schema/index.js';
import { inOrg } from '../../db/tenant.js';
import type { ServiceContext } from '../context.js';
import { publishEvents } from '../events/publish.js';
import { closeOpenWork } from './close-open-work.js';
import { findExecution } from './find-execution.js';
import type { ExecutionRow } from './launch-execution.js';

/** Temporal's closed states and what the read model calls them. */
const CLOSED: Partial<Record<string, Exclude<ExecutionStatus, 'running'>>> = {
  COMPLETED: 'completed',
  FAILED: 'failed',
  CANCELLED: 'cancelled',
  TERMINATED: 'terminated',
  TIMED_OUT: 'timed_out',
};

const MESSAGES: Record<Exclude<ExecutionStatus, 'running'>, string> = {
  completed: 'Completed in Temporal without a recorded outcome',
  failed: 'Failed in Temporal without a recorded outcome',
  cancelled: 'Cancelled in Temporal without a recorded outcome',
  terminated: 'Terminated in Temporal',
  timed_out: 'Timed out in Temporal',
};

/**
 * Brings a row that still says `running` in line with Temporal, the source of truth. The
 * interpreter records its own outcomes; a run terminated from the Temporal UI or CLI, or one that
 * hit its execution timeout, never gets to, so whoever reads it next writes what Temporal says.
 */
export async function reconcileExecution(ctx: ServiceContext, row: ExecutionRow): Promise<ExecutionRow> {
  if (row.status !== 'running') return row;
  const handle = ctx.temporal.client.workflow.getHandle(row.id);
  let description: Awaited<ReturnType<typeof handle.describe>>;
  try {
    description = await handle.describe();
  } catch (error) {
    if (error instanceof WorkflowNotFoundError && neverStarted(row)) return markNeverStarted(ctx, row);
    // Reads are served from the read model: Temporal being unreachable, or the run being past its
    // retention, must not make the execution unreadable. The row stays as it is.
    return row;
  }
  const status = CLOSED[description.status.name];
  if (!status) return row;

  let output: unknown = null;
  let error: { code: string; message: string } | null = null;
  if (status === 'completed') {
    output = await handle.result().catch(() => null);
  } else {
    const reason = status === 'failed' ? await failureMessage(handle) : undefined;
    error = { code: status.toUpperCase(), message: reason ?? MESSAGES[status] };
  }
  const finishedAt = description.closeTime ?? new Date();

  await ctx.db.transaction(async (tx) => {
    // Only a row still running: the interpreter's own outcome, landing meanwhile, wins.
    const updated = await tx
      .update(executions)
      .set({ status, output, error, finishedAt, updatedAt: new Date() })
      .where(inOrg(executions, row.orgId, eq(executions.id, row.id), eq(executions.status, 'running')))
      .returning({ id: executions.id });
    if (updated.length === 0) return;
    // Steps that were in flight when the run closed will never report again.
    await tx
      .update(executionSteps)
      .set({ status: 'cancelled', finishedAt })
      .where(
        and(
          inOrg(executionSteps, row.orgId, eq(executionSteps.executionId, row.id)),
          eq(executionSteps.status, 'running'),
        ),
      );
    await closeOpenWork(tx, row.orgId, row.id, finishedAt);
    await tx.insert(executionLogs).values({
      orgId: row.orgId,
      executionId: row.id,
      level: status === 'completed' ? 'info' : 'error',
      stepId: null,
      message: `Execution ${status} (reconciled with Temporal)`,
      data: { temporal_status: description.status.name },
      at: new Date(),
    });
    await publishEvents(tx, [
      {
        type: 'execution.status_changed',
        orgId: row.orgId,
        data: {
          execution_id: row.id,
          workflow_id: row.workflowId,
          status,
          error,
          at: finishedAt.toISOString(),
        },
      },
    ]);
  });
  return findExecution(ctx, row.id);
}

/** How long a recorded run may wait for its Temporal start before it counts as never started. */
const START_GRACE_MS = 60_000;

// launchExecution records a run before starting it; an API process that died in between leaves a
// row no run will ever report to (a keyed retry would have started it: ensureStarted).
function neverStarted(row: ExecutionRow): boolean {
  return row.temporalRunId === null && Date.now() - row.startedAt.getTime() > START_GRACE_MS;
}

async function markNeverStarted(ctx: ServiceContext, row: ExecutionRow): Promise<ExecutionRow> {
  const error = {
    code: 'START_FAILED',
    message: 'Recorded, but the API stopped before Temporal started the run',
  };
  await ctx.db
    .update(executions)
    .set({ status: 'failed', error, finishedAt: new Date(), updatedAt: new Date() })
    .where(
      inOrg(
        executions,
        row.orgId,
        eq(executions.id, row.id),
        eq(executions.status, 'running'),
        isNull(executions.temporalRunId),
      ),
    );
  return findExecution(ctx, row.id);
}

async function failureMessage(handle: { result(): Promise<unknown> }): Promise<string | undefined> {
  try {
    await handle.result();
    return undefined;
  } catch (error) {
    const cause = (error as { cause?: { message?: string } }).cause;
    return cause?.message || undefined;
  }
}
