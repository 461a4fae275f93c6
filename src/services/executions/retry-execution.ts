import { decodeFromPayloadsAtIndex } from '@temporalio/common/lib/internal-non-workflow/index.js';
import { asc, eq } from 'drizzle-orm';
import { type ExecutionStatus, executionSteps } from '../../db/schema/index.js';
import { inOrg } from '../../db/tenant.js';
import { conflict } from '../../lib/errors.js';
import type { ExecutionInput, ResumeState } from '../../workflows/execution-input.js';
import { requirePermission, type ServiceContext } from '../context.js';
import { refuseInputChangeAfterApproval } from './approvals-bound-to-input.js';
import { findExecution } from './find-execution.js';
import { type ExecutionRow, launchExecution } from './launch-execution.js';
import { reconcileExecution } from './reconcile-execution.js';

const RETRYABLE: ReadonlySet<ExecutionStatus> = new Set(['failed', 'cancelled', 'terminated', 'timed_out']);

export interface RetryRequest {
  /** `failed_step` keeps the outputs of the top-level steps that completed and runs from the first that did not. */
  from: 'start' | 'failed_step';
  /** Replaces the original input; by default the retry runs with the same input. */
  input?: Record<string, unknown>;
}

/** Starts a new execution of the same workflow version, linked to the one it retries. */
export async function retryExecution(
  ctx: ServiceContext,
  id: string,
  request: RetryRequest,
): Promise<ExecutionRow> {
  requirePermission(ctx, 'executions:retry');
  const previous = await reconcileExecution(ctx, await findExecution(ctx, id));
  if (!RETRYABLE.has(previous.status)) {
    throw conflict(
      'execution_not_retryable',
      `Only failed, cancelled, terminated or timed-out executions can be retried; this one is ${previous.status}`,
    );
  }
  const resume = request.from === 'failed_step' ? await resumeAfter(ctx, previous) : undefined;
  if (resume && request.input !== undefined) {
    await refuseInputChangeAfterApproval(ctx, previous, Object.keys(resume.completed), request.input);
  }
  const { execution } = await launchExecution(ctx, {
    workflowId: previous.workflowId,
    input: request.input ?? previous.input,
    trigger: 'retry',
    retryOf: previous.id,
    version: previous.workflowVersion,
    resume,
  });
  return execution;
}

/**
 * What a retry from the failed step skips: the outputs of the top-level steps that completed
 * (nested paths such as `loop[2].call` are not resumable on their own), plus the steps the
 * previous execution itself skipped because it was resumed, so a retry of a retry keeps them too.
 * Run variables set by the kept steps (`set` steps, at any depth) are restored, in the order they ran.
 */
async function resumeAfter(ctx: ServiceContext, previous: ExecutionRow): Promise<ResumeState> {
  const steps = await ctx.db
    .select({
      path: executionSteps.path,
      type: executionSteps.type,
      status: executionSteps.status,
      output: executionSteps.output,
    })
    .from(executionSteps)
    .where(inOrg(executionSteps, ctx.orgId, eq(executionSteps.executionId, previous.id)))
    .orderBy(asc(executionSteps.seq));
  const resumed = await resumedWith(ctx, previous);
  const completed: Record<string, unknown> = { ...resumed.completed };
  for (const step of steps) {
    if (topLevelId(step.path) !== step.path) continue;
    if (step.status === 'completed') completed[step.path] = step.output ?? null;
    else delete completed[step.path];
  }
  const vars: Record<string, unknown> = { ...resumed.vars };
  for (const step of steps) {
    const kept = topLevelId(step.path) in completed;
    if (kept && step.type === 'set' && step.status === 'completed' && isRecord(step.output)) {
      Object.assign(vars, step.output);
    }
  }
  return Object.keys(vars).length > 0 ? { completed, vars } : { completed };
}

const topLevelId = (path: string) => path.split(/[.[]/, 1)[0] as string;
const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * What a resumed execution started with. It is only in its first run's input, in Temporal's
 * history; once that is past retention the retry runs those steps again.
 */
async function resumedWith(ctx: ServiceContext, row: ExecutionRow): Promise<Partial<ResumeState>> {
  if (!row.retryOf || !row.temporalRunId) return {};
  try {
    const history = await ctx.temporal.client.workflow.getHandle(row.id, row.temporalRunId).fetchHistory();
    const payloads = history.events?.[0]?.workflowExecutionStartedEventAttributes?.input?.payloads;
    const input = await decodeFromPayloadsAtIndex<ExecutionInput>(
      ctx.temporal.client.options.loadedDataConverter,
      0,
      payloads,
    );
    return { completed: input?.resume?.completed, vars: input?.resume?.vars };
  } catch {
    return {};
  }
}
