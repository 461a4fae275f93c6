import { updateWebhook } from '../../../services/webhooks/update-webhook.js';
import type { App } from '../../env.js';
import { serviceContext } from '../../middleware/auth/index.js';
import { errorResponses, jsonBody, jsonResponse } from '../../openapi.js';
import { defineRoute } from '../../route.js';
import { WebhookFieldsSchema, WebhookParam, WebhookSchema } from './schemas.js';

const Body = WebhookFieldsSchema.partial().strict().openapi('PatchWebhookRequest');

const route = defineRoute('webhooks:write', {
  method: 'patch',
  path: '/api/v1/webhooks/{webhook}',
  operationId: 'patchWebhook',
  tags: ['Webhooks'],
  summary: 'Change some fields of a webhook subscription',
  description: 'Fields left out keep their value.',
  'x-resource': 'webhook',
  request: { params: WebhookParam, body: jsonBody(Body) },
  problems: ['destination_not_allowed', 'not_found'],
  responses: {
    200: jsonResponse(WebhookSchema, 'The updated subscription'),
    ...errorResponses(400, 404, 413, 415),
  },
});

export function registerPatchWebhookRoute(app: App) {
  app.openapi(route, async (c) =>
    c.json(await updateWebhook(serviceContext(c), c.req.valid('param').webhook, c.req.valid('json')), 200),
  );
}
