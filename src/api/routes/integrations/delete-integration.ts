import { deleteIntegration } from '../../../services/integrations/delete-integration.js';
import type { App } from '../../env.js';
import { serviceContext } from '../../middleware/auth/index.js';
import { errorResponses } from '../../openapi.js';
import { defineRoute } from '../../route.js';
import { IntegrationIdParam } from './schemas.js';

const route = defineRoute('integrations:write', {
  method: 'delete',
  path: '/api/v1/integrations/{id}',
  operationId: 'deleteIntegration',
  tags: ['Integrations'],
  summary: 'Remove an integration and its Schedule of checks',
  'x-resource': 'integration',
  request: { params: IntegrationIdParam },
  problems: ['not_found'],
  responses: { 204: { description: 'Removed' }, ...errorResponses(404) },
});

export function registerDeleteIntegrationRoute(app: App) {
  app.openapi(route, async (c) => {
    await deleteIntegration(serviceContext(c), c.req.valid('param').id);
    return c.body(null, 204);
  });
}
