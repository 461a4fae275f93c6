import { z } from '@hono/zod-openapi';
import { TRIGGER_TYPES } from '../../../db/schema/index.js';
import { createTrigger } from '../../../services/triggers/create-trigger.js';
import type { App } from '../../env.js';
import { serviceContext } from '../../middleware/auth/index.js';
import { errorResponses, jsonBody, jsonResponse } from '../../openapi.js';
import { defineRoute } from '../../route.js';
import { TriggerConfig, TriggerMappings, TriggerName, TriggerWithSecretSchema } from './schemas.js';

export const CreateTriggerBody = z
  .strictObject({
    name: TriggerName,
    type: z.enum(TRIGGER_TYPES),
    workflow_id: z.string().min(1).max(200).openapi({ example: 'wf_01JD3Y6S2W8Q9R7T5V4X3Z2A1B' }),
    enabled: z.boolean().optional().openapi({ description: 'Default true' }),
    config: TriggerConfig.optional(),
    mappings: TriggerMappings.optional(),
  })
  .openapi('CreateTriggerRequest');

const route = defineRoute('triggers:write', {
  method: 'post',
  path: '/api/v1/triggers',
  operationId: 'createTrigger',
  tags: ['Triggers'],
  summary: 'Create a trigger',
  description:
    'The config is checked against its type, the workflow and mappings against the organization (a 400 lists every problem). Event triggers that would start their own source, directly or through other event triggers, are refused. A webhook answers with its URL path and signing secret, once.',
  request: { body: jsonBody(CreateTriggerBody) },
  problems: [
    'invalid_schedule',
    'quota_exceeded',
    'schedule_missing_in_temporal',
    'schedule_owned_by_trigger',
    'workflow_archived',
    'workflow_not_published',
  ],
  responses: {
    201: jsonResponse(TriggerWithSecretSchema, 'Created'),
    ...errorResponses(400, 409, 413, 415),
  },
});

export function registerCreateTriggerRoute(app: App) {
  app.openapi(route, async (c) => {
    const created = await createTrigger(serviceContext(c), c.req.valid('json'));
    c.header('Location', `/api/v1/triggers/${created.id}`);
    return c.json(created, 201);
  });
}
