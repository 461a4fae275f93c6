import { checkIntegration } from '../../../services/integrations/check-integration.js';
import type { App } from '../../env.js';
import { serviceContext } from '../../middleware/auth/index.js';
import { errorResponses, jsonResponse } from '../../openapi.js';
import { defineRoute } from '../../route.js';
import { CheckOutcomeSchema, IntegrationIdParam } from './schemas.js';

const route = defineRoute('integrations:write', {
  method: 'post',
  path: '/api/v1/integrations/{id}/health-check',
  operationId: 'checkIntegration',
  tags: ['Integrations'],
  summary: 'Check an integration now',
  description:
    'Runs the health check at once and records it (trigger `manual`); an alert may open or resolve.',
  'x-resource': 'integration',
  request: { params: IntegrationIdParam },
  problems: ['not_found'],
  responses: { 200: jsonResponse(CheckOutcomeSchema, 'The check'), ...errorResponses(404) },
});

export function registerCheckIntegrationRoute(app: App) {
  app.openapi(route, async (c) =>
    c.json(await checkIntegration(serviceContext(c), c.req.valid('param').id), 200),
  );
}
