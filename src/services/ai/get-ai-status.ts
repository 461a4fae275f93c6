import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { ApiError } from '../../lib/errors.js';
import {
  AI_STATUS_WORKFLOW_TYPE,
  type AiConnectionStatus,
  aiTaskQueue,
} from '../../workflows/ai-messages.js';
import { requirePermission, type ServiceContext } from '../context.js';
import { budgetState } from './usage.js';

export interface AiStatus {
  /** Whether calls have a key; null while no worker has answered the check yet. */
  configured: boolean | null;
  key_source: AiConnectionStatus['key_source'] | null;
  reachable: boolean | null;
  latency_ms: number | null;
  error: { code: string; message: string } | null;
  checked_at: string | null;
  default_model: string;
  models: string[];
  budget: { monthly_tokens: number; used_tokens: number; renews_at: string };
}

/** The longest a status request waits for a worker to run the check. */
const MAX_WAIT_MS = 10_000;
const START_DEADLINE_MS = 10_000;

/**
 * Whether AI calls would work for the caller's organization: which key they would use (never the
 * key) and whether the Messages API answers with it. Only a worker can tell, so the check is a
 * short run on the AI queue. Its workflow id names the organization and the current cache period
 * (AI_STATUS_CACHE_SECONDS), so every API process asking within one period reads the same run's
 * answer instead of calling again: Temporal is the cache. A check no worker has run yet within the
 * wait is reported as such (`checked_at: null`), not as an error.
 */
export async function getAiStatus(ctx: ServiceContext): Promise<AiStatus> {
  requirePermission(ctx, 'ai:use');
  const { ai } = ctx.config;
  const period = Math.floor(ctx.clock().getTime() / (ai.statusCacheSeconds * 1000));
  const workflowId = `ai-status:${ctx.orgId}:${period}`;
  const client = ctx.temporal.client;
  await client
    .withDeadline(Date.now() + START_DEADLINE_MS, () =>
      client.workflow.start(AI_STATUS_WORKFLOW_TYPE, {
        workflowId,
        taskQueue: aiTaskQueue(ctx.temporal.taskQueue),
        args: [{ orgId: ctx.orgId }],
        workflowIdConflictPolicy: 'USE_EXISTING',
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
        staticSummary: 'AI status check',
      }),
    )
    .catch((error: unknown) => {
      // The period's check ran already and closed: its answer is the cached one.
      if (error instanceof WorkflowExecutionAlreadyStartedError) return;
      throw new ApiError('temporal_unavailable', 'Temporal did not start the AI status check; try again');
    });
  const status = await checkResult(ctx, workflowId, Math.min(ai.waitSeconds * 1000, MAX_WAIT_MS));
  const budget = await budgetState(ctx);
  return {
    ...(status ?? {
      key_source: null,
      reachable: null,
      latency_ms: null,
      error: { code: 'ai_status_pending', message: 'No worker has run the check yet; ask again shortly' },
      checked_at: null,
    }),
    configured: status ? status.key_source !== 'none' : null,
    default_model: ai.models.defaultModel,
    models: Object.keys(ai.models.prices),
    budget: {
      monthly_tokens: budget.budget,
      used_tokens: budget.used,
      renews_at: budget.renewsAt.toISOString(),
    },
  };
}

async function checkResult(ctx: ServiceContext, workflowId: string, waitMs: number) {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), waitMs);
  try {
    return (await ctx.temporal.client.withAbortSignal(abort.signal, () =>
      ctx.temporal.client.workflow.getHandle(workflowId).result(),
    )) as AiConnectionStatus;
  } catch {
    if (abort.signal.aborted) return undefined;
    throw new ApiError('temporal_unavailable', 'The AI status check did not answer; try again');
  } finally {
    clearTimeout(timer);
  }
}
