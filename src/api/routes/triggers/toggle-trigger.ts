import { z } from '@hono/zod-openapi';
import { toggleTrigger } from '../../../services/triggers/toggle-trigger.js';
import type { App } from '../../env.js';
import { serviceContext } from '../../middleware/auth/index.js';
import { errorResponses, jsonResponse } from '../../openapi.js';
import { defineRoute } from '../../route.js';
import { TriggerIdParam, TriggerSchema } from './schemas.js';

const Body = z
  .strictObject({
    enabled: z.boolean().optional().openapi({ description: 'The state to set; left out, the state flips' }),
  })
  .openapi('ToggleTriggerRequest');

const route = defineRoute('triggers:write', {
  method: 'post',
  path: '/api/v1/triggers/{id}/toggle',
  operationId: 'toggleTrigger',
  tags: ['Triggers'],
  summary: 'Enable or disable a trigger',
  description:
    'A disabled webhook answers like an unknown one; a disabled schedule trigger pauses its Temporal Schedule, enabling it resumes it.',
  'x-resource': 'trigger',
  request: {
    params: TriggerIdParam,
    body: { required: false, content: { 'application/json': { schema: Body } } },
  },
  // Pausing a schedule trigger's schedule fails with 409 if Temporal no longer has it.
  problems: ['invalid_schedule', 'not_found', 'schedule_missing_in_temporal'],
  responses: {
    200: jsonResponse(TriggerSchema, 'The trigger in its new state'),
    ...errorResponses(400, 404, 409, 413, 415),
  },
});

export function registerToggleTriggerRoute(app: App) {
  app.openapi(route, async (c) => {
    const body = (c.req.valid('json') ?? {}) as z.infer<typeof Body>;
    return c.json(await toggleTrigger(serviceContext(c), c.req.valid('param').id, body.enabled), 200);
  });
}
