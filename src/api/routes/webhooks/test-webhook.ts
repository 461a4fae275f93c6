import { testWebhook } from '../../../services/webhooks/test-webhook.js';
import type { App } from '../../env.js';
import { serviceContext } from '../../middleware/auth/index.js';
import { errorResponses, jsonResponse } from '../../openapi.js';
import { defineRoute } from '../../route.js';
import { WebhookIdParam, WebhookTestResultSchema } from './schemas.js';

const route = defineRoute('webhooks:write', {
  method: 'post',
  path: '/api/v1/webhooks/{id}/test',
  operationId: 'testWebhook',
  tags: ['Webhooks'],
  summary: 'Send a test event',
  description:
    'Sends a signed `webhook.test` event now, through the outbound guard, and answers with what the receiver said: status, latency and the start of its body. Not retried, not recorded as a delivery.',
  'x-resource': 'webhook',
  request: { params: WebhookIdParam },
  problems: ['not_found'],
  responses: {
    200: jsonResponse(WebhookTestResultSchema, 'What the receiver answered'),
    ...errorResponses(404),
  },
});

export function registerTestWebhookRoute(app: App) {
  app.openapi(route, async (c) => c.json(await testWebhook(serviceContext(c), c.req.valid('param').id), 200));
}
