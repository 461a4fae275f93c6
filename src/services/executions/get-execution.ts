import { asc, eq } from 'drizzle-orm';
import { executionSteps } from '../../db/schema/index.js';
import { inOrg } from '../../db/tenant.js';
import { requirePermission, type ServiceContext } from '../context.js';
import { findExecution } from './find-execution.js';
import { reconcileExecution } from './reconcile-execution.js';
import { toExecutionResource } from './serialize.js';

type StepRow = typeof executionSteps.$inferSelect;

/** One execution with its steps in the order they ran, after checking Temporal agrees it is running. */
export async function getExecution(ctx: ServiceContext, id: string) {
  requirePermission(ctx, 'executions:read');
  const row = await reconcileExecution(ctx, await findExecution(ctx, id));
  const steps = await ctx.db
    .select()
    .from(executionSteps)
    .where(inOrg(executionSteps, ctx.orgId, eq(executionSteps.executionId, id)))
    .orderBy(asc(executionSteps.seq), asc(executionSteps.path));
  return { ...toExecutionResource(row, ctx.temporal.namespace), steps: steps.map(toStepResource) };
}

function toStepResource(step: StepRow) {
  return {
    path: step.path,
    step_id: step.stepId,
    type: step.type,
    status: step.status,
    attempts: step.attempts,
    started_at: step.startedAt?.toISOString() ?? null,
    finished_at: step.finishedAt?.toISOString() ?? null,
    duration_ms:
      step.startedAt && step.finishedAt ? step.finishedAt.getTime() - step.startedAt.getTime() : null,
    output: step.output ?? null,
    error: step.error ?? null,
  };
}
