import { deleteTrigger } from '../../../services/triggers/delete-trigger.js';
import type { App } from '../../env.js';
import { serviceContext } from '../../middleware/auth/index.js';
import { errorResponses } from '../../openapi.js';
import { defineRoute } from '../../route.js';
import { TriggerIdParam } from './schemas.js';

const route = defineRoute('triggers:write', {
  method: 'delete',
  path: '/api/v1/triggers/{id}',
  operationId: 'deleteTrigger',
  tags: ['Triggers'],
  summary: 'Delete a trigger',
  description:
    'Soft delete: every read answers 404, a webhook path stops answering (401 like any unknown path), a schedule trigger deletes its schedule. Runs already started carry on.',
  'x-resource': 'trigger',
  request: { params: TriggerIdParam },
  problems: ['not_found'],
  responses: { 204: { description: 'Deleted' }, ...errorResponses(404) },
});

export function registerDeleteTriggerRoute(app: App) {
  app.openapi(route, async (c) => {
    await deleteTrigger(serviceContext(c), c.req.valid('param').id);
    return c.body(null, 204);
  });
}
