import { z } from '@hono/zod-openapi';
import { toggleIntegration } from '../../../services/integrations/toggle-integration.js';
import type { App } from '../../env.js';
import { serviceContext } from '../../middleware/auth/index.js';
import { errorResponses, jsonResponse } from '../../openapi.js';
import { defineRoute } from '../../route.js';
import { IntegrationIdParam, IntegrationSchema } from './schemas.js';

const Body = z
  .object({ enabled: z.boolean().optional().openapi({ description: 'Left out: flips the current state' }) })
  .strict()
  .openapi('ToggleIntegrationRequest');

const route = defineRoute('integrations:write', {
  method: 'post',
  path: '/api/v1/integrations/{id}/toggle',
  operationId: 'toggleIntegration',
  tags: ['Integrations'],
  summary: 'Enable or disable the periodic checks (the Schedule is paused while disabled)',
  'x-resource': 'integration',
  request: {
    params: IntegrationIdParam,
    body: { content: { 'application/json': { schema: Body } }, required: false },
  },
  problems: ['not_found'],
  responses: {
    200: jsonResponse(IntegrationSchema, 'The integration'),
    ...errorResponses(400, 404, 413, 415),
  },
});

export function registerToggleIntegrationRoute(app: App) {
  app.openapi(route, async (c) => {
    const body = (c.req.valid('json') as z.infer<typeof Body> | undefined) ?? {};
    return c.json(await toggleIntegration(serviceContext(c), c.req.valid('param').id, body.enabled), 200);
  });
}
