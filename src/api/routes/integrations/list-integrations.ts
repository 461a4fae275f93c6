import { z } from '@hono/zod-openapi';
import { INTEGRATION_STATUSES } from '../../../db/schema/index.js';
import { listIntegrations } from '../../../services/integrations/list-integrations.js';
import type { App } from '../../env.js';
import { serviceContext } from '../../middleware/auth/index.js';
import { errorResponses, jsonResponse } from '../../openapi.js';
import { defineRoute } from '../../route.js';
import { PaginationQuery, paginated, toPageQuery } from '../../schemas/pagination.js';
import { IntegrationSchema } from './schemas.js';

const Query = PaginationQuery.extend({
  status: z.enum(INTEGRATION_STATUSES).optional(),
  enabled: z.enum(['true', 'false']).optional(),
});

const route = defineRoute('integrations:read', {
  method: 'get',
  path: '/api/v1/integrations',
  operationId: 'listIntegrations',
  tags: ['Integrations'],
  summary: 'The organization’s integrations, newest first',
  request: { query: Query },
  problems: [],
  responses: {
    200: jsonResponse(paginated(IntegrationSchema), 'A page of integrations'),
    ...errorResponses(400),
  },
});

export function registerListIntegrationsRoute(app: App) {
  app.openapi(route, async (c) => {
    const query = c.req.valid('query');
    return c.json(
      await listIntegrations(serviceContext(c), {
        ...toPageQuery(query),
        status: query.status,
        enabled: query.enabled === undefined ? undefined : query.enabled === 'true',
      }),
      200,
    );
  });
}
