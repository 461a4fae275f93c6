import { rotateWebhookSecret } from '../../../services/webhooks/rotate-webhook-secret.js';
import type { App } from '../../env.js';
import { serviceContext } from '../../middleware/auth/index.js';
import { errorResponses, jsonResponse } from '../../openapi.js';
import { defineRoute } from '../../route.js';
import { WebhookIdParam, WebhookWithSecretSchema } from './schemas.js';

const route = defineRoute('webhooks:write', {
  method: 'post',
  path: '/api/v1/webhooks/{id}/rotate-secret',
  operationId: 'rotateWebhookSecret',
  tags: ['Webhooks'],
  summary: "Replace a subscription's signing secret",
  description:
    'The new secret is in this answer only. For 24 hours every delivery carries two signatures (new and old), so the receiver can switch without refusing anything.',
  'x-resource': 'webhook',
  request: { params: WebhookIdParam },
  problems: ['not_found'],
  responses: {
    200: jsonResponse(WebhookWithSecretSchema, 'The subscription, with its new secret'),
    ...errorResponses(404),
  },
});

export function registerRotateWebhookSecretRoute(app: App) {
  app.openapi(route, async (c) =>
    c.json(await rotateWebhookSecret(serviceContext(c), c.req.valid('param').id), 200),
  );
}
