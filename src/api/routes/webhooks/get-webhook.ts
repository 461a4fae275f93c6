import { getWebhook } from '../../../services/webhooks/get-webhook.js';
import type { App } from '../../env.js';
import { serviceContext } from '../../middleware/auth/index.js';
import { errorResponses, jsonResponse } from '../../openapi.js';
import { defineRoute } from '../../route.js';
import { WebhookParam, WebhookSchema } from './schemas.js';

const route = defineRoute('webhooks:read', {
  method: 'get',
  path: '/api/v1/webhooks/{webhook}',
  operationId: 'getWebhook',
  tags: ['Webhooks'],
  summary: 'An outbound webhook subscription',
  'x-resource': 'webhook',
  request: { params: WebhookParam },
  problems: ['not_found'],
  responses: { 200: jsonResponse(WebhookSchema, 'The subscription'), ...errorResponses(404) },
});

export function registerGetWebhookRoute(app: App) {
  app.openapi(route, async (c) =>
    c.json(await getWebhook(serviceContext(c), c.req.valid('param').webhook), 200),
  );
}
