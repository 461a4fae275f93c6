import { ApiError } from '../../lib/errors.js';
import type { ServiceContext } from '../context.js';
import type { LiveEvent } from '../events/publish.js';
import type { AiAnswer, AiRequest } from './ai-request.js';
import { startAiRun } from './ai-request.js';
import { awaitOutcome, type PendingAiRun, pendingOf } from './answer-ai-request.js';

/**
 * What a streaming /ai/ask sends, in order: `start`, `delta`s (a `reset` when a retry starts over),
 * then `done`, `error`, or `pending` when the wait ended first (GET /ai/runs/{id} has the outcome).
 */
export type AiStreamEvent =
  | { event: 'start'; data: { run_id: string; conversation_id: string | null } }
  | { event: 'delta'; data: { text: string } }
  | { event: 'reset'; data: { attempt: number } }
  | { event: 'done'; data: AiAnswer }
  | { event: 'pending'; data: PendingAiRun }
  | { event: 'error'; data: ApiError };

/**
 * /ai/ask as a stream: listens for the run's `ai.delta` events (published by whichever worker runs
 * it, through the database's fan-out) before starting it, so no text is missed, and yields them
 * until the run ends. Checks and refusals happen before the first event, so they still answer as
 * plain problem responses.
 */
export async function streamAiAnswer(
  ctx: ServiceContext,
  request: AiRequest,
  /** The client went away: the stream ends (the run goes on, and its answer is recorded). */
  signal: AbortSignal,
): Promise<AsyncGenerator<AiStreamEvent, void, undefined>> {
  const queue: AiStreamEvent[] = [];
  let wake: (() => void) | undefined;
  const push = (event: AiStreamEvent) => {
    queue.push(event);
    wake?.();
  };
  let runId: string | undefined;
  const early: LiveEvent[] = [];
  let attempt = 0;
  let nextSeq = 0;
  const onDelta = (event: LiveEvent) => {
    const { data } = event;
    if (typeof data.text !== 'string' || typeof data.seq !== 'number' || typeof data.attempt !== 'number')
      return;
    if (data.attempt !== attempt) {
      if (attempt !== 0) push({ event: 'reset', data: { attempt: data.attempt } });
      attempt = data.attempt;
      nextSeq = 0;
    }
    // NOTIFY keeps one sender's order; a repeat (the same delta twice) is dropped.
    if (data.seq < nextSeq) return;
    nextSeq = data.seq + 1;
    push({ event: 'delta', data: { text: data.text } });
  };
  const unsubscribe = await ctx.events.subscribe((event) => {
    if (event.type !== 'ai.delta' || event.orgId !== ctx.orgId) return;
    if (runId === undefined) early.push(event);
    else if (event.data.run_id === runId) onDelta(event);
  });
  let run: Awaited<ReturnType<typeof startAiRun>>;
  try {
    run = await startAiRun(ctx, request, { stream: true });
  } catch (error) {
    await unsubscribe();
    throw error;
  }
  runId = run.runId;
  for (const event of early.splice(0)) if (event.data.run_id === runId) onDelta(event);
  let finished = false;
  signal.addEventListener('abort', () => wake?.(), { once: true });
  awaitOutcome(ctx, run).then(
    (outcome) => {
      if (!outcome) return push({ event: 'pending', data: pendingOf(run, request) });
      push({ event: 'done', data: { ...outcome, run_id: run.runId, conversation_id: run.conversationId } });
    },
    (error: unknown) =>
      push({
        event: 'error',
        data: error instanceof ApiError ? error : new ApiError('ai_unavailable', 'The AI run failed'),
      }),
  );

  async function* events(): AsyncGenerator<AiStreamEvent, void, undefined> {
    try {
      yield { event: 'start', data: { run_id: run.runId, conversation_id: run.conversationId } };
      while (!finished && !signal.aborted) {
        if (queue.length === 0) await new Promise<void>((resolve) => (wake = resolve));
        if (signal.aborted) break;
        wake = undefined;
        for (const event of queue.splice(0)) {
          if (event.event === 'done' || event.event === 'error' || event.event === 'pending') finished = true;
          yield event;
          if (finished) break;
        }
      }
    } finally {
      await unsubscribe();
    }
  }
  return events();
}
