import { z } from '@hono/zod-openapi';
import { TRIGGER_TYPES } from '../../../db/schema/index.js';
import { listTriggerTypes } from '../../../services/triggers/list-trigger-types.js';
import type { App } from '../../env.js';
import { serviceContext } from '../../middleware/auth/index.js';
import { jsonResponse } from '../../openapi.js';
import { defineRoute } from '../../route.js';

const TriggerTypeSchema = z
  .object({
    type: z.enum(TRIGGER_TYPES),
    description: z.string(),
    config_schema: z.record(z.string(), z.unknown()).openapi({ description: 'JSON Schema of `config`' }),
  })
  .openapi('TriggerType');

const route = defineRoute('triggers:read', {
  method: 'get',
  path: '/api/v1/triggers/types',
  operationId: 'listTriggerTypes',
  tags: ['Triggers'],
  summary: 'Supported trigger types and their config schemas',
  problems: [],
  responses: { 200: jsonResponse(z.object({ items: z.array(TriggerTypeSchema) }), 'Every trigger type') },
});

export function registerListTriggerTypesRoute(app: App) {
  app.openapi(route, (c) => c.json({ items: listTriggerTypes(serviceContext(c)) }, 200));
}
