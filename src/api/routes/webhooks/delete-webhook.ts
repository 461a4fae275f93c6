import { deleteWebhook } from '../../../services/webhooks/delete-webhook.js';
import type { App } from '../../env.js';
import { serviceContext } from '../../middleware/auth/index.js';
import { errorResponses } from '../../openapi.js';
import { defineRoute } from '../../route.js';
import { WebhookParam } from './schemas.js';

const route = defineRoute('webhooks:write', {
  method: 'delete',
  path: '/api/v1/webhooks/{webhook}',
  operationId: 'deleteWebhook',
  tags: ['Webhooks'],
  summary: 'Delete a webhook subscription',
  description:
    'Soft delete: it disappears from every read (404), gets no new events, and pending deliveries stop.',
  'x-resource': 'webhook',
  request: { params: WebhookParam },
  problems: ['not_found'],
  responses: { 204: { description: 'Deleted' }, ...errorResponses(404) },
});

export function registerDeleteWebhookRoute(app: App) {
  app.openapi(route, async (c) => {
    await deleteWebhook(serviceContext(c), c.req.valid('param').webhook);
    return c.body(null, 204);
  });
}
