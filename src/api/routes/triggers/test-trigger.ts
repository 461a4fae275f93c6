import { z } from '@hono/zod-openapi';
import { TRIGGER_TYPES } from '../../../db/schema/index.js';
import { testTrigger } from '../../../services/triggers/test-trigger.js';
import type { App } from '../../env.js';
import { serviceContext } from '../../middleware/auth/index.js';
import { errorResponses, jsonBody, jsonResponse } from '../../openapi.js';
import { defineRoute } from '../../route.js';
import { ProblemList, TriggerConfig, TriggerMappings, TriggerName } from './schemas.js';

const Body = z
  .strictObject({
    type: z.enum(TRIGGER_TYPES),
    workflow_id: z.string().min(1).max(200),
    name: TriggerName.optional(),
    config: TriggerConfig.optional(),
    mappings: TriggerMappings.optional(),
    payload: z
      .union([z.record(z.string(), z.unknown()), z.array(z.unknown())])
      .optional()
      .openapi({
        description: 'A sample payload to preview the mapped input with',
        example: { total: 1250 },
      }),
    headers: z
      .record(z.string(), z.string())
      .optional()
      .openapi({ description: 'Sample headers for the mappings' }),
  })
  .openapi('TestTriggerRequest');

const Result = z
  .object({
    valid: z.boolean(),
    errors: ProblemList,
    preview: z
      .object({
        input: z.record(z.string(), z.unknown()).openapi({ description: 'The input a run would start with' }),
        input_valid: z.boolean(),
        input_errors: ProblemList,
      })
      .optional(),
  })
  .openapi('TriggerTestResult');

const route = defineRoute('triggers:write', {
  method: 'post',
  path: '/api/v1/triggers/test',
  operationId: 'testTrigger',
  tags: ['Triggers'],
  summary: 'Check a trigger configuration without saving it',
  description:
    'Runs the checks of create and answers 200 with `valid` and every problem. With a sample `payload`, `preview` shows the mapped input and whether the workflow accepts it.',
  request: { body: jsonBody(Body) },
  problems: [],
  responses: { 200: jsonResponse(Result, 'The verdict'), ...errorResponses(400, 413, 415) },
});

export function registerTestTriggerRoute(app: App) {
  app.openapi(route, async (c) => c.json(await testTrigger(serviceContext(c), c.req.valid('json')), 200));
}
