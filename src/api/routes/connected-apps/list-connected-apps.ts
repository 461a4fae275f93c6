import { listConnectedApps } from '../../../services/connected-apps/list-connected-apps.js';
import type { App } from '../../env.js';
import { serviceContext } from '../../middleware/auth/index.js';
import { errorResponses, jsonResponse } from '../../openapi.js';
import { defineRoute } from '../../route.js';
import { PaginationQuery, paginated, toPageQuery } from '../../schemas/pagination.js';
import { ConnectedAppSchema } from './schemas.js';

const route = defineRoute('connected_apps:read', {
  method: 'get',
  path: '/api/v1/connected-apps',
  operationId: 'listConnectedApps',
  tags: ['Connected apps'],
  summary: 'List connected apps, newest first',
  request: { query: PaginationQuery },
  problems: [],
  responses: { 200: jsonResponse(paginated(ConnectedAppSchema), 'A page of apps'), ...errorResponses(400) },
});

export function registerListConnectedAppsRoute(app: App) {
  app.openapi(route, async (c) =>
    c.json(await listConnectedApps(serviceContext(c), toPageQuery(c.req.valid('query'))), 200),
  );
}
