import { WorkflowExecutionAlreadyStartedError, type WorkflowHandle } from '@temporalio/client';
import { aiRuns } from '../../db/schema/index.js';
import { ApiError, validationFailed } from '../../lib/errors.js';
import { newId } from '../../lib/ids.js';
import {
  AI_TASK_WORKFLOW_TYPE,
  type AiCall,
  type AiOutcome,
  type AiTaskName,
  aiTaskQueue,
} from '../../workflows/ai-messages.js';
import type { AiTaskInput } from '../../workflows/ai-task.js';
import { requirePermission, type ServiceContext } from '../context.js';
import { conversationOwned, createConversation } from './conversations.js';
import { SCHEMA_RETRIES } from './perform-ai-task.js';
import { taskTypeOf } from './task-types/index.js';
import { budgetState } from './usage.js';

/** What an /ai/<task> request asks, validated by its route against the task type's schema. */
export interface AiRequest {
  taskType: AiTaskName;
  input: Record<string, unknown>;
  model?: string | undefined;
  /** /ai/ask only: continue this conversation (the caller's own). */
  conversationId?: string | undefined;
}

export interface StartedAiRun {
  runId: string;
  conversationId: string | null;
  handle: WorkflowHandle;
}

const START_DEADLINE_MS = 10_000;
/** Time an attempt needs besides its calls: reading the key, the history, recording usage. */
const ATTEMPT_OVERHEAD_SECONDS = 30;

/**
 * Checks an /ai/* request (permission, model, budget, conversation), records its run and starts
 * it on the AI task queue. Refusals come before any call is made: a budget spent is 429 with
 * Retry-After at the month's end.
 */
export async function startAiRun(
  ctx: ServiceContext,
  request: AiRequest,
  options: { stream: boolean },
): Promise<StartedAiRun> {
  requirePermission(ctx, 'ai:use');
  const checked = taskTypeOf(request.taskType).input.safeParse(request.input);
  if (!checked.success) {
    throw validationFailed(
      'input',
      checked.error.issues.map((issue) => ({
        path: ['body', ...issue.path.map(String)].join('.'),
        code: issue.code,
        message: issue.message,
      })),
    );
  }
  const { ai } = ctx.config;
  if (request.model !== undefined && !(request.model in ai.models.prices)) {
    throw new ApiError('model_not_allowed', `Model ${request.model} is not allowed here`, {
      details: { allowed: Object.keys(ai.models.prices) },
    });
  }
  const budget = await budgetState(ctx);
  if (budget.used >= budget.budget) {
    const seconds = Math.max(1, Math.ceil((budget.renewsAt.getTime() - ctx.clock().getTime()) / 1000));
    throw new ApiError('ai_budget_exceeded', `This month's ${budget.budget} AI tokens are used`, {
      details: {
        used_tokens: budget.used,
        budget_tokens: budget.budget,
        renews_at: budget.renewsAt.toISOString(),
      },
      headers: { 'Retry-After': String(seconds) },
    });
  }
  const userId = ctx.actor.type === 'user' ? ctx.actor.id : null;
  const conversationId = await conversationFor(ctx, request, userId);
  const runId = newId('air');
  await ctx.db.insert(aiRuns).values({
    id: runId,
    orgId: ctx.orgId,
    userId,
    taskType: request.taskType,
    conversationId,
    createdAt: ctx.clock(),
  });
  const call: AiCall = {
    orgId: ctx.orgId,
    userId,
    executionId: null,
    taskType: request.taskType,
    input: request.input,
    model: request.model ?? null,
    conversationId,
    stream: options.stream,
  };
  const input: AiTaskInput = {
    call,
    maxAttempts: ai.maxAttempts,
    attemptTimeoutSeconds: ai.callTimeoutSeconds * (SCHEMA_RETRIES + 1) + ATTEMPT_OVERHEAD_SECONDS,
  };
  const handle = await ctx.temporal.connection
    .withDeadline(Date.now() + START_DEADLINE_MS, () =>
      ctx.temporal.client.workflow.start(AI_TASK_WORKFLOW_TYPE, {
        workflowId: runId,
        taskQueue: aiTaskQueue(ctx.temporal.taskQueue),
        args: [input],
        staticSummary: `AI ${request.taskType}`,
      }),
    )
    .catch((error: unknown) => {
      if (error instanceof WorkflowExecutionAlreadyStartedError) throw error;
      throw new ApiError('temporal_unavailable', 'Temporal did not start the AI run; try again');
    });
  return { runId, conversationId, handle };
}

/** Only /ai/ask remembers: a given conversation must be the caller's; none given starts one. */
async function conversationFor(ctx: ServiceContext, request: AiRequest, userId: string | null) {
  if (request.taskType !== 'ask' || !userId) {
    if (request.conversationId) {
      throw new ApiError('not_found', 'Conversation not found');
    }
    return null;
  }
  if (request.conversationId === undefined) return createConversation(ctx, userId);
  if (!(await conversationOwned(ctx, userId, request.conversationId))) {
    throw new ApiError('not_found', 'Conversation not found');
  }
  return request.conversationId;
}

/** An /ai/* answer: the run's outcome and where it ran. */
export interface AiAnswer extends AiOutcome {
  run_id: string;
  conversation_id: string | null;
}
