import { z } from '@hono/zod-openapi';
import { listWebhooks } from '../../../services/webhooks/list-webhooks.js';
import type { App } from '../../env.js';
import { serviceContext } from '../../middleware/auth/index.js';
import { errorResponses, jsonResponse } from '../../openapi.js';
import { defineRoute } from '../../route.js';
import { PaginationQuery, paginated, toPageQuery } from '../../schemas/pagination.js';
import { WebhookSchema } from './schemas.js';

const Query = PaginationQuery.extend({
  enabled: z
    .enum(['true', 'false'])
    .optional()
    .openapi({ description: 'Only enabled (or disabled) subscriptions' }),
});

const route = defineRoute('webhooks:read', {
  method: 'get',
  path: '/api/v1/webhooks',
  operationId: 'listWebhooks',
  tags: ['Webhooks'],
  summary: 'List outbound webhook subscriptions, newest first',
  request: { query: Query },
  problems: [],
  responses: {
    200: jsonResponse(paginated(WebhookSchema), 'A page of subscriptions'),
    ...errorResponses(400),
  },
});

export function registerListWebhooksRoute(app: App) {
  app.openapi(route, async (c) => {
    const query = c.req.valid('query');
    const enabled = query.enabled === undefined ? undefined : query.enabled === 'true';
    return c.json(await listWebhooks(serviceContext(c), { ...toPageQuery(query), enabled }), 200);
  });
}
