import { getIntegration } from '../../../services/integrations/get-integration.js';
import type { App } from '../../env.js';
import { serviceContext } from '../../middleware/auth/index.js';
import { errorResponses, jsonResponse } from '../../openapi.js';
import { defineRoute } from '../../route.js';
import { IntegrationDetailSchema, IntegrationIdParam } from './schemas.js';

const route = defineRoute('integrations:read', {
  method: 'get',
  path: '/api/v1/integrations/{id}',
  operationId: 'getIntegration',
  tags: ['Integrations'],
  summary: 'An integration, with its health state and open alert',
  'x-resource': 'integration',
  request: { params: IntegrationIdParam },
  problems: ['not_found'],
  responses: { 200: jsonResponse(IntegrationDetailSchema, 'The integration'), ...errorResponses(404) },
});

export function registerGetIntegrationRoute(app: App) {
  app.openapi(route, async (c) =>
    c.json(await getIntegration(serviceContext(c), c.req.valid('param').id), 200),
  );
}
