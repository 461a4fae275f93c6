import { updateIntegration } from '../../../services/integrations/update-integration.js';
import type { App } from '../../env.js';
import { serviceContext } from '../../middleware/auth/index.js';
import { errorResponses, jsonBody, jsonResponse } from '../../openapi.js';
import { defineRoute } from '../../route.js';
import { IntegrationBody, IntegrationIdParam, IntegrationSchema } from './schemas.js';

const route = defineRoute('integrations:write', {
  method: 'put',
  path: '/api/v1/integrations/{id}',
  operationId: 'replaceIntegration',
  tags: ['Integrations'],
  summary: 'Replace an integration (omitted fields take their defaults)',
  description: 'Its Schedule follows: a new interval, paused when `enabled` is false.',
  'x-resource': 'integration',
  request: { params: IntegrationIdParam, body: jsonBody(IntegrationBody) },
  problems: ['not_found', 'destination_not_allowed'],
  responses: {
    200: jsonResponse(IntegrationSchema, 'The integration'),
    ...errorResponses(400, 404, 413, 415),
  },
});

export function registerReplaceIntegrationRoute(app: App) {
  app.openapi(route, async (c) =>
    c.json(await updateIntegration(serviceContext(c), c.req.valid('param').id, c.req.valid('json')), 200),
  );
}
