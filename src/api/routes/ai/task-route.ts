import { answerAiRequest } from '../../../services/ai/answer-ai-request.js';
import type { AiTaskName } from '../../../workflows/ai-messages.js';
import type { App } from '../../env.js';
import { serviceContext } from '../../middleware/auth/index.js';
import { errorResponses, jsonBody, jsonResponse } from '../../openapi.js';
import { defineRoute } from '../../route.js';
import { AI_TASK_PROBLEMS, answerSchema, PendingRunSchema, taskBody } from './schemas.js';

interface TaskRouteText<N extends string> {
  /** Written out by each route file, as every route's path is. */
  path: `/api/v1/ai/${N}`;
  operationId: string;
  summary: string;
  description: string;
  /** A structured task can also fail its schema after the retries (422 ai_invalid_answer). */
  structured: boolean;
}

/**
 * One /ai/<task> route (analyze, decide, classify, extract, summarize; ask adds streaming and
 * conversations): the body is the task type's input, the answer its run's outcome.
 */
export function registerAiTaskRoute<N extends Exclude<AiTaskName, 'ask'>>(
  app: App,
  name: N,
  text: TaskRouteText<N>,
) {
  const route = defineRoute('ai:use', {
    method: 'post',
    path: text.path,
    operationId: text.operationId,
    tags: ['AI'],
    summary: text.summary,
    description: `${text.description} Runs as a short Temporal workflow on the AI task queue; the request waits up to AI_WAIT_SECONDS for it, then answers 202 with the run's id (GET /api/v1/ai/runs/{id} gives its outcome).`,
    request: { body: jsonBody(taskBody(name)) },
    problems: [...AI_TASK_PROBLEMS, ...(text.structured ? (['ai_invalid_answer'] as const) : [])],
    responses: {
      200: jsonResponse(answerSchema(name), 'The answer'),
      202: jsonResponse(PendingRunSchema, 'Still running when the wait ended'),
      ...errorResponses(409, 422, 429, 503),
    },
  });
  app.openapi(route, async (c) => {
    const { model, ...input } = c.req.valid('json') as Record<string, unknown> & { model?: string };
    const reply = await answerAiRequest(serviceContext(c), { taskType: name, input, model });
    if (!reply.done) return c.json(reply.pending, 202);
    // The outcome's `result` is the task type's output shape (checked in the worker); zod's
    // inferred type of the union of shapes cannot be narrowed from the task name here.
    return c.json(reply.answer as never, 200);
  });
}
