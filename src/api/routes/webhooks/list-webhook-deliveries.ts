import { listWebhookDeliveries } from '../../../services/webhooks/list-webhook-deliveries.js';
import type { App } from '../../env.js';
import { serviceContext } from '../../middleware/auth/index.js';
import { errorResponses, jsonResponse } from '../../openapi.js';
import { defineRoute } from '../../route.js';
import { CursorPaginationQuery, cursorPaginated, toPageQuery } from '../../schemas/pagination.js';
import { WebhookDeliverySchema, WebhookIdParam } from './schemas.js';

const route = defineRoute('webhooks:read', {
  method: 'get',
  path: '/api/v1/webhooks/{id}/deliveries',
  operationId: 'listWebhookDeliveries',
  tags: ['Webhooks'],
  summary: "A subscription's deliveries, newest first",
  description: 'Each delivery with its attempts, last answer and status. Keyset pages with `cursor`.',
  'x-resource': 'webhook',
  request: { params: WebhookIdParam, query: CursorPaginationQuery },
  problems: ['not_found', 'validation_failed'],
  responses: {
    200: jsonResponse(cursorPaginated(WebhookDeliverySchema), 'A page of deliveries'),
    ...errorResponses(400, 404),
  },
});

export function registerListWebhookDeliveriesRoute(app: App) {
  app.openapi(route, async (c) =>
    c.json(
      await listWebhookDeliveries(
        serviceContext(c),
        c.req.valid('param').id,
        toPageQuery(c.req.valid('query')),
      ),
      200,
    ),
  );
}
