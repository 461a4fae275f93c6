import { WorkflowNotFoundError } from '@temporalio/client';
import { and, eq, isNull } from 'drizzle-orm';
import { aiRuns } from '../../db/schema/index.js';
import { inOrg } from '../../db/tenant.js';
import { ApiError, notFound } from '../../lib/errors.js';
import type { AiOutcome, AiTaskName } from '../../workflows/ai-messages.js';
import { requirePermission, type ServiceContext } from '../context.js';
import { aiProblemOf } from './ai-problem.js';
import type { AiAnswer } from './ai-request.js';

export type AiRunStatus =
  | 'running'
  | 'completed'
  | 'failed'
  | 'cancelled'
  | 'terminated'
  | 'timed_out'
  | 'expired';

export interface AiRunView {
  run_id: string;
  task_type: AiTaskName;
  status: AiRunStatus;
  conversation_id: string | null;
  created_at: string;
  /** The answer, once completed: what the /ai/<task> request would have answered. */
  answer: AiAnswer | null;
  /** The problem, once failed: what the request would have answered. */
  error: { code: string; status: number; detail: string; [extra: string]: unknown } | null;
}

const DEADLINE_MS = 10_000;

/**
 * An /ai/* run of the caller's (another user's, or another organization's, is 404): still running,
 * or its answer or problem. For a request answered 202 when its wait ended first. `expired`: Temporal
 * no longer holds the run (its retention passed).
 */
export async function getAiRun(ctx: ServiceContext, id: string): Promise<AiRunView> {
  requirePermission(ctx, 'ai:use');
  const userId = ctx.actor.type === 'user' ? ctx.actor.id : null;
  const [row] = await ctx.db
    .select()
    .from(aiRuns)
    .where(
      inOrg(
        aiRuns,
        ctx.orgId,
        and(eq(aiRuns.id, id), userId ? eq(aiRuns.userId, userId) : isNull(aiRuns.userId)),
      ),
    );
  if (!row) throw notFound('AI run');
  const view: AiRunView = {
    run_id: row.id,
    task_type: row.taskType,
    status: 'running',
    conversation_id: row.conversationId,
    created_at: row.createdAt.toISOString(),
    answer: null,
    error: null,
  };
  const handle = ctx.temporal.client.workflow.getHandle(row.id);
  try {
    await ctx.temporal.client.withDeadline(Date.now() + DEADLINE_MS, async () => {
      const { status } = await handle.describe();
      view.status = statusOf(status.name);
      if (view.status === 'completed') {
        const outcome = (await handle.result()) as AiOutcome;
        view.answer = { ...outcome, run_id: row.id, conversation_id: row.conversationId };
      } else if (view.status !== 'running') {
        const problem = await handle.result().then(
          () => aiProblemOf(undefined, row.id),
          (error: unknown) => aiProblemOf(error, row.id),
        );
        view.error = {
          code: problem.code,
          status: problem.status,
          detail: problem.message,
          ...problem.details,
        };
      }
    });
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) return { ...view, status: 'expired' };
    throw new ApiError('temporal_unavailable', 'Temporal did not answer about the run; try again');
  }
  return view;
}

function statusOf(name: string): AiRunStatus {
  switch (name) {
    case 'COMPLETED':
      return 'completed';
    case 'FAILED':
      return 'failed';
    case 'CANCELLED':
      return 'cancelled';
    case 'TERMINATED':
      return 'terminated';
    case 'TIMED_OUT':
      return 'timed_out';
    default:
      return 'running';
  }
}
