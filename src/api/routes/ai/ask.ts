import { z } from '@hono/zod-openapi';
import { streamSSE } from 'hono/streaming';
import { answerAiRequest } from '../../../services/ai/answer-ai-request.js';
import { streamAiAnswer } from '../../../services/ai/stream-ai-answer.js';
import { AI_TASK_TYPES } from '../../../services/ai/task-types/index.js';
import type { App } from '../../env.js';
import { serviceContext } from '../../middleware/auth/index.js';
import { errorResponses, jsonBody, jsonResponse } from '../../openapi.js';
import { defineRoute } from '../../route.js';
import { AI_TASK_PROBLEMS, answerSchema, ConversationId, ModelName, PendingRunSchema } from './schemas.js';

const Body = AI_TASK_TYPES.ask.input
  .extend({
    model: ModelName.optional(),
    conversation_id: ConversationId.optional().openapi({
      description:
        "Continue this conversation of yours: its latest turns (within AI_CONVERSATION_TOKEN_BUDGET tokens) are sent with the prompt. Omitted: a new conversation starts, and the answer's `conversation_id` names it.",
    }),
  })
  .openapi('AiAskRequest');

const route = defineRoute('ai:use', {
  method: 'post',
  path: '/api/v1/ai/ask',
  operationId: 'aiAsk',
  tags: ['AI'],
  summary: 'Send prompt to Claude',
  description:
    'Runs as a short Temporal workflow on the AI task queue. With `Accept: text/event-stream` the answer streams as server-sent events while it is written: `start` (`run_id`, `conversation_id`), `delta` (`text`), `reset` (a retried call starts over: drop the text so far), then `done` (the whole answer, as the JSON response), `error` (a problem document) or `pending` (the wait, AI_WAIT_SECONDS, ended first: GET /api/v1/ai/runs/{id} has the outcome). Without it, a run still going when the wait ends is answered 202 with its id.',
  request: { body: jsonBody(Body) },
  problems: [...AI_TASK_PROBLEMS, 'not_found'],
  responses: {
    200: {
      description: 'The answer (JSON), or its stream (text/event-stream)',
      content: {
        ...jsonResponse(answerSchema('ask'), '').content,
        'text/event-stream': {
          schema: z.string().openapi({ description: 'Server-sent events, as described above' }),
        },
      },
    },
    202: jsonResponse(PendingRunSchema, 'Still running when the wait ended'),
    ...errorResponses(404, 409, 422, 429, 503),
  },
});

export function registerAskRoute(app: App) {
  app.openapi(route, async (c) => {
    const { model, conversation_id: conversationId, ...input } = c.req.valid('json');
    const request = { taskType: 'ask' as const, input, model, conversationId };
    const ctx = serviceContext(c);
    if (!(c.req.header('accept') ?? '').includes('text/event-stream')) {
      const reply = await answerAiRequest(ctx, request);
      return reply.done ? c.json(reply.answer, 200) : c.json(reply.pending, 202);
    }
    const abort = new AbortController();
    // Refusals (permission, budget, model, conversation) answer before the stream opens.
    const events = await streamAiAnswer(ctx, request, abort.signal);
    return streamSSE(c, async (stream) => {
      stream.onAbort(() => abort.abort());
      for await (const { event, data } of events) {
        const payload =
          event === 'error'
            ? { code: data.code, status: data.status, detail: data.message, ...data.details }
            : data;
        await stream.writeSSE({ event, data: JSON.stringify(payload) });
      }
    }) as never;
  });
}
