import { z } from '@hono/zod-openapi';
import { toggleWebhook } from '../../../services/webhooks/toggle-webhook.js';
import type { App } from '../../env.js';
import { serviceContext } from '../../middleware/auth/index.js';
import { errorResponses, jsonResponse } from '../../openapi.js';
import { defineRoute } from '../../route.js';
import { WebhookIdParam, WebhookSchema } from './schemas.js';

const Body = z
  .strictObject({
    enabled: z.boolean().optional().openapi({ description: 'The state to set; left out, the state flips' }),
  })
  .openapi('ToggleWebhookRequest');

const route = defineRoute('webhooks:write', {
  method: 'post',
  path: '/api/v1/webhooks/{id}/toggle',
  operationId: 'toggleWebhook',
  tags: ['Webhooks'],
  summary: 'Enable or disable a webhook subscription',
  description: 'Enabling clears the failure count and the reason it was disabled.',
  'x-resource': 'webhook',
  request: {
    params: WebhookIdParam,
    body: { required: false, content: { 'application/json': { schema: Body } } },
  },
  problems: ['not_found'],
  responses: {
    200: jsonResponse(WebhookSchema, 'The subscription in its new state'),
    ...errorResponses(400, 404, 413, 415),
  },
});

export function registerToggleWebhookRoute(app: App) {
  app.openapi(route, async (c) => {
    const body = (c.req.valid('json') ?? {}) as z.infer<typeof Body>;
    return c.json(await toggleWebhook(serviceContext(c), c.req.valid('param').id, body.enabled), 200);
  });
}
