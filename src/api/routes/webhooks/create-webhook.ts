import {
  createWebhook,
  DEFAULT_MAX_CONSECUTIVE_FAILURES,
} from '../../../services/webhooks/create-webhook.js';
import type { App } from '../../env.js';
import { serviceContext } from '../../middleware/auth/index.js';
import { errorResponses, jsonBody, jsonResponse } from '../../openapi.js';
import { defineRoute } from '../../route.js';
import { WebhookFieldsSchema, WebhookWithSecretSchema } from './schemas.js';

const Body = WebhookFieldsSchema.strict().openapi('CreateWebhookRequest');

const route = defineRoute('webhooks:write', {
  method: 'post',
  path: '/api/v1/webhooks',
  operationId: 'createWebhook',
  tags: ['Webhooks'],
  summary: 'Subscribe a URL to events',
  description:
    'Conveyor POSTs each matching event, signed per Standard Webhooks, at least once (docs/webhooks.md). The signing secret (`whsec_…`) is in this answer only.',
  request: { body: jsonBody(Body) },
  problems: ['destination_not_allowed'],
  responses: {
    201: jsonResponse(WebhookWithSecretSchema, 'The subscription, with its signing secret'),
    ...errorResponses(400, 413, 415),
  },
});

export function registerCreateWebhookRoute(app: App) {
  app.openapi(route, async (c) => {
    const body = c.req.valid('json');
    const created = await createWebhook(serviceContext(c), {
      name: body.name,
      url: body.url,
      event_types: body.event_types,
      description: body.description ?? '',
      enabled: body.enabled ?? true,
      max_consecutive_failures: body.max_consecutive_failures ?? DEFAULT_MAX_CONSECUTIVE_FAILURES,
    });
    return c.json(created, 201);
  });
}
