import { createIntegration } from '../../../services/integrations/create-integration.js';
import type { App } from '../../env.js';
import { serviceContext } from '../../middleware/auth/index.js';
import { errorResponses, jsonBody, jsonResponse } from '../../openapi.js';
import { defineRoute } from '../../route.js';
import { IntegrationBody, IntegrationSchema } from './schemas.js';

const route = defineRoute('integrations:write', {
  method: 'post',
  path: '/api/v1/integrations',
  operationId: 'createIntegration',
  tags: ['Integrations'],
  summary: 'Register an integration and schedule its health checks',
  description:
    'The base URL must be one the outbound guard admits (400 `destination_not_allowed` names the rule).',
  request: { body: jsonBody(IntegrationBody) },
  problems: ['destination_not_allowed'],
  responses: { 201: jsonResponse(IntegrationSchema, 'The integration'), ...errorResponses(400, 413, 415) },
});

export function registerCreateIntegrationRoute(app: App) {
  app.openapi(route, async (c) =>
    c.json(await createIntegration(serviceContext(c), c.req.valid('json')), 201),
  );
}
