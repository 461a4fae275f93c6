import { listHealthHistory } from '../../../services/integrations/list-health-history.js';
import type { App } from '../../env.js';
import { serviceContext } from '../../middleware/auth/index.js';
import { errorResponses, jsonResponse } from '../../openapi.js';
import { defineRoute } from '../../route.js';
import { CursorPaginationQuery, cursorPaginated, toPageQuery } from '../../schemas/pagination.js';
import { CheckSchema, IntegrationIdParam } from './schemas.js';

const route = defineRoute('integrations:read', {
  method: 'get',
  path: '/api/v1/integrations/{id}/health-history',
  operationId: 'listIntegrationHealthHistory',
  tags: ['Integrations'],
  summary: "An integration's health checks, newest first",
  'x-resource': 'integration',
  request: { params: IntegrationIdParam, query: CursorPaginationQuery },
  problems: ['not_found'],
  responses: {
    200: jsonResponse(cursorPaginated(CheckSchema), 'A page of checks'),
    ...errorResponses(400, 404),
  },
});

export function registerListHealthHistoryRoute(app: App) {
  app.openapi(route, async (c) =>
    c.json(
      await listHealthHistory(serviceContext(c), c.req.valid('param').id, toPageQuery(c.req.valid('query'))),
      200,
    ),
  );
}
