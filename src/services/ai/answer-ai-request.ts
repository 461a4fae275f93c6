import type { AiOutcome } from '../../workflows/ai-messages.js';
import type { ServiceContext } from '../context.js';
import { aiProblemOf } from './ai-problem.js';
import { type AiAnswer, type AiRequest, type StartedAiRun, startAiRun } from './ai-request.js';

/** A run still going when the wait ended: its id, to read the outcome from later. */
export interface PendingAiRun {
  run_id: string;
  task_type: AiRequest['taskType'];
  status: 'running';
  conversation_id: string | null;
}

export type AiReply = { done: true; answer: AiAnswer } | { done: false; pending: PendingAiRun };

/**
 * /ai/<task>: starts the run on the AI task queue and waits for its answer up to AI_WAIT_SECONDS;
 * a run still going then is answered as pending (GET /ai/runs/{id} has its outcome later).
 */
export async function answerAiRequest(ctx: ServiceContext, request: AiRequest): Promise<AiReply> {
  const run = await startAiRun(ctx, request, { stream: false });
  const outcome = await awaitOutcome(ctx, run);
  if (!outcome) return { done: false, pending: pendingOf(run, request) };
  return { done: true, answer: { ...outcome, run_id: run.runId, conversation_id: run.conversationId } };
}

export const pendingOf = (run: StartedAiRun, request: AiRequest): PendingAiRun => ({
  run_id: run.runId,
  task_type: request.taskType,
  status: 'running',
  conversation_id: run.conversationId,
});

/**
 * The run's outcome, undefined if it did not end within the wait (it goes on, and records its
 * answer), or the problem it failed with. The long poll is abandoned at the wait's end.
 */
export async function awaitOutcome(ctx: ServiceContext, run: StartedAiRun): Promise<AiOutcome | undefined> {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), ctx.config.ai.waitSeconds * 1000);
  try {
    return (await ctx.temporal.client.withAbortSignal(abort.signal, () => run.handle.result())) as AiOutcome;
  } catch (error) {
    if (abort.signal.aborted) return undefined;
    throw aiProblemOf(error, run.runId);
  } finally {
    clearTimeout(timer);
  }
}
