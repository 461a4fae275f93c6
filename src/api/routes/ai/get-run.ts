import { z } from '@hono/zod-openapi';
import { getAiRun } from '../../../services/ai/get-ai-run.js';
import type { App } from '../../env.js';
import { serviceContext } from '../../middleware/auth/index.js';
import { errorResponses, idParam, jsonResponse } from '../../openapi.js';
import { defineRoute } from '../../route.js';

const RunView = z
  .object({
    run_id: z.string(),
    task_type: z.enum(['ask', 'analyze', 'decide', 'classify', 'extract', 'summarize']),
    status: z.enum(['running', 'completed', 'failed', 'cancelled', 'terminated', 'timed_out', 'expired']),
    conversation_id: z.string().nullable(),
    created_at: z.string(),
    answer: z
      .record(z.string(), z.unknown())
      .nullable()
      .openapi({ description: 'Once completed: the answer the /ai/<task> request would have given' }),
    error: z
      .object({ code: z.string(), status: z.number().int(), detail: z.string() })
      .catchall(z.unknown())
      .nullable()
      .openapi({ description: 'Once failed: the problem the request would have answered' }),
  })
  .openapi('AiRun');

const route = defineRoute('ai:use', {
  method: 'get',
  path: '/api/v1/ai/runs/{id}',
  operationId: 'aiGetRun',
  tags: ['AI'],
  summary: 'An AI run: still running, or its answer',
  description:
    'For an /ai/* request answered 202 because its wait (AI_WAIT_SECONDS) ended first. Only your own runs; any other is 404.',
  'x-resource': 'ai_run',
  request: { params: idParam('id', 'air_01JD3Y6S2W8Q9R7T5V4X3Z2A1B') },
  problems: ['not_found', 'temporal_unavailable'],
  responses: { 200: jsonResponse(RunView, 'The run'), ...errorResponses(404, 503) },
});

export function registerGetRunRoute(app: App) {
  app.openapi(route, async (c) => c.json(await getAiRun(serviceContext(c), c.req.valid('param').id), 200));
}
