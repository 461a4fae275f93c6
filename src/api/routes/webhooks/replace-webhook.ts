import { DEFAULT_MAX_CONSECUTIVE_FAILURES } from '../../../services/webhooks/create-webhook.js';
import { updateWebhook } from '../../../services/webhooks/update-webhook.js';
import type { App } from '../../env.js';
import { serviceContext } from '../../middleware/auth/index.js';
import { errorResponses, jsonBody, jsonResponse } from '../../openapi.js';
import { defineRoute } from '../../route.js';
import { WebhookFieldsSchema, WebhookParam, WebhookSchema } from './schemas.js';

const Body = WebhookFieldsSchema.strict().openapi('ReplaceWebhookRequest');

const route = defineRoute('webhooks:write', {
  method: 'put',
  path: '/api/v1/webhooks/{webhook}',
  operationId: 'replaceWebhook',
  tags: ['Webhooks'],
  summary: 'Update a webhook subscription',
  description:
    'Sets every field; those left out (besides name, url and event_types) go back to their defaults. The signing secret is kept (see rotate-secret).',
  'x-resource': 'webhook',
  request: { params: WebhookParam, body: jsonBody(Body) },
  problems: ['destination_not_allowed', 'not_found'],
  responses: {
    200: jsonResponse(WebhookSchema, 'The updated subscription'),
    ...errorResponses(400, 404, 413, 415),
  },
});

export function registerReplaceWebhookRoute(app: App) {
  app.openapi(route, async (c) => {
    const body = c.req.valid('json');
    const updated = await updateWebhook(serviceContext(c), c.req.valid('param').webhook, {
      name: body.name,
      url: body.url,
      event_types: body.event_types,
      description: body.description ?? '',
      enabled: body.enabled ?? true,
      max_consecutive_failures: body.max_consecutive_failures ?? DEFAULT_MAX_CONSECUTIVE_FAILURES,
    });
    return c.json(updated, 200);
  });
}
