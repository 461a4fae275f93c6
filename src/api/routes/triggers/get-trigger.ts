import { getTrigger } from '../../../services/triggers/list-triggers.js';
import type { App } from '../../env.js';
import { serviceContext } from '../../middleware/auth/index.js';
import { errorResponses, jsonResponse } from '../../openapi.js';
import { defineRoute } from '../../route.js';
import { TriggerIdParam, TriggerSchema } from './schemas.js';

const route = defineRoute('triggers:read', {
  method: 'get',
  path: '/api/v1/triggers/{id}',
  operationId: 'getTrigger',
  tags: ['Triggers'],
  summary: 'Get a trigger',
  description:
    "A webhook's signing secret is never shown again after creation or rotation; `secret_hint` names it.",
  'x-resource': 'trigger',
  request: { params: TriggerIdParam },
  problems: ['not_found'],
  responses: { 200: jsonResponse(TriggerSchema, 'The trigger'), ...errorResponses(404) },
});

export function registerGetTriggerRoute(app: App) {
  app.openapi(route, async (c) => c.json(await getTrigger(serviceContext(c), c.req.valid('param').id), 200));
}
