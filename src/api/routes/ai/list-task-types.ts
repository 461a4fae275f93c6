import { z } from '@hono/zod-openapi';
import { listAiTaskTypes } from '../../../services/ai/list-ai-task-types.js';
import type { App } from '../../env.js';
import { serviceContext } from '../../middleware/auth/index.js';
import { jsonResponse } from '../../openapi.js';
import { defineRoute } from '../../route.js';

const TaskTypes = z
  .object({
    data: z.array(
      z.object({
        type: z.string().openapi({ example: 'classify' }),
        description: z.string(),
        route: z.string().openapi({ example: '/api/v1/ai/classify' }),
        step_type: z.string().openapi({ example: 'ai.classify' }),
        structured: z
          .boolean()
          .openapi({ description: 'Answered through a tool call checked against a schema' }),
        input_schema: z.record(z.string(), z.unknown()).openapi({ description: 'JSON Schema of the input' }),
        output_schema: z.record(z.string(), z.unknown()).openapi({ description: 'JSON Schema of `result`' }),
      }),
    ),
  })
  .openapi('AiTaskTypes');

const route = defineRoute('ai:use', {
  method: 'get',
  path: '/api/v1/ai/task-types',
  operationId: 'aiTaskTypes',
  tags: ['AI'],
  summary: 'Available AI task types',
  description:
    'Each task type with its input and result schemas: the body of /ai/<type> and the config of an `ai.<type>` step.',
  problems: [],
  responses: { 200: jsonResponse(TaskTypes, 'The task types') },
});

export function registerListTaskTypesRoute(app: App) {
  app.openapi(route, (c) => c.json(listAiTaskTypes(serviceContext(c)), 200));
}
