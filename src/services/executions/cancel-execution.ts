import { WorkflowNotFoundError } from '@temporalio/client';
import { eq } from 'drizzle-orm';
import { executions } from '../../db/schema/index.js';
import { inOrg } from '../../db/tenant.js';
import { ApiError, conflict } from '../../lib/errors.js';
import {
  CANCEL_ESCALATION_WORKFLOW_TYPE,
  CANCEL_GRACE_MS,
  type CancelEscalationInput,
  cancelEscalationId,
} from '../../workflows/cancel-escalation-input.js';
import { recordAudit } from '../audit/record-audit.js';
import { requirePermission, type ServiceContext } from '../context.js';
import { findExecution } from './find-execution.js';
import type { ExecutionRow } from './launch-execution.js';
import { reconcileExecution } from './reconcile-execution.js';

const TEMPORAL_DEADLINE_MS = 10_000;

const notRunning = (status: string) =>
  conflict('execution_not_running', `Only running executions can be cancelled; this one is ${status}`);

/**
 * Asks Temporal to cancel the run: the interpreter cancels its running steps and records
 * `cancelled` itself. Waits up to `waitMs` for that record; the returned row may still say running.
 */
export async function cancelExecution(
  ctx: ServiceContext,
  id: string,
  options: { waitMs?: number } = {},
): Promise<ExecutionRow> {
  requirePermission(ctx, 'executions:cancel');
  const row = await reconcileExecution(ctx, await findExecution(ctx, id));
  if (row.status !== 'running') throw notRunning(row.status);
  await ctx.db.transaction(async (tx) => {
    await tx
      .update(executions)
      .set({ updatedAt: new Date() })
      .where(inOrg(executions, ctx.orgId, eq(executions.id, id)));
    await recordAudit(tx, ctx, { action: 'execution.cancel', resourceType: 'execution', resourceId: id });
    // Last in the transaction: a cancellation Temporal refused leaves no audit row behind.
    try {
      // Bounded: with Temporal down the client would keep retrying while the transaction stays open.
      await ctx.temporal.connection.withDeadline(Date.now() + TEMPORAL_DEADLINE_MS, () =>
        ctx.temporal.client.workflow.getHandle(id).cancel(),
      );
    } catch (error) {
      // The run closed between our read and the request.
      if (error instanceof WorkflowNotFoundError) throw notRunning('closed');
      // Not a 500: nothing is wrong with the request, and trying again later may well work.
      throw new ApiError('temporal_unavailable', 'Temporal did not accept the cancellation; try again');
    }
  });
  await escalateLater(ctx, id);
  return waitUntilClosed(ctx, id, options.waitMs ?? 0);
}

/**
 * A durable timer in Temporal (not one in this process) that terminates the run if the
 * cancellation has not ended it within CANCEL_GRACE_MS. Asking again reuses the one started, so
 * a 503 here (Temporal did not take the timer) is safe to answer with another cancel.
 */
async function escalateLater(ctx: ServiceContext, id: string): Promise<void> {
  const input: CancelEscalationInput = { executionId: id, orgId: ctx.orgId, graceMs: CANCEL_GRACE_MS };
  await ctx.temporal.connection
    .withDeadline(Date.now() + TEMPORAL_DEADLINE_MS, () =>
      ctx.temporal.client.workflow.start(CANCEL_ESCALATION_WORKFLOW_TYPE, {
        workflowId: cancelEscalationId(id),
        taskQueue: ctx.temporal.taskQueue,
        args: [input],
        workflowIdConflictPolicy: 'USE_EXISTING',
      }),
    )
    .catch(() => {
      throw new ApiError('temporal_unavailable', 'Temporal did not accept the cancellation; try again');
    });
}

async function waitUntilClosed(ctx: ServiceContext, id: string, waitMs: number): Promise<ExecutionRow> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    const row = await findExecution(ctx, id);
    if (row.status !== 'running' || Date.now() >= deadline) return row;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
