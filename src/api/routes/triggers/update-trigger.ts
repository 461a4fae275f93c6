import { z } from '@hono/zod-openapi';
import { updateTrigger } from '../../../services/triggers/update-trigger.js';
import type { App } from '../../env.js';
import { serviceContext } from '../../middleware/auth/index.js';
import { errorResponses, jsonBody, jsonResponse } from '../../openapi.js';
import { defineRoute } from '../../route.js';
import { TriggerConfig, TriggerIdParam, TriggerMappings, TriggerName, TriggerSchema } from './schemas.js';

const Body = z
  .strictObject({
    name: TriggerName.optional(),
    workflow_id: z.string().min(1).max(200).optional(),
    enabled: z.boolean().optional(),
    config: TriggerConfig.optional().openapi({
      description: 'Replaces the whole config; defaults apply again',
    }),
    mappings: TriggerMappings.optional(),
  })
  .openapi('UpdateTriggerRequest');

const route = defineRoute('triggers:write', {
  method: 'put',
  path: '/api/v1/triggers/{id}',
  operationId: 'updateTrigger',
  tags: ['Triggers'],
  summary: 'Update a trigger',
  description:
    'Fields left out keep their value; the type cannot change. The result is checked like a new trigger (400 lists every problem). A schedule trigger updates its schedule.',
  'x-resource': 'trigger',
  request: { params: TriggerIdParam, body: jsonBody(Body) },
  // A schedule trigger's schedule is checked against its workflow again, and may be gone from Temporal.
  problems: [
    'invalid_schedule',
    'not_found',
    'schedule_missing_in_temporal',
    'workflow_archived',
    'workflow_not_published',
  ],
  responses: {
    200: jsonResponse(TriggerSchema, 'The updated trigger'),
    ...errorResponses(400, 404, 409, 413, 415),
  },
});

export function registerUpdateTriggerRoute(app: App) {
  app.openapi(route, async (c) =>
    c.json(await updateTrigger(serviceContext(c), c.req.valid('param').id, c.req.valid('json')), 200),
  );
}
