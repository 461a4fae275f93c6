import { z } from '@hono/zod-openapi';
import { CONNECTED_APP_EVENT_KINDS } from '../../../db/schema/index.js';
import { listConnectedAppLogs } from '../../../services/connected-apps/list-connected-app-logs.js';
import type { App } from '../../env.js';
import { serviceContext } from '../../middleware/auth/index.js';
import { errorResponses, jsonResponse } from '../../openapi.js';
import { defineRoute } from '../../route.js';
import { CursorPaginationQuery, cursorPaginated, toPageQuery } from '../../schemas/pagination.js';
import { AppIdParam } from './schemas.js';

const EventSchema = z
  .object({
    id: z.string(),
    kind: z.enum(CONNECTED_APP_EVENT_KINDS),
    detail: z.record(z.string(), z.unknown()).openapi({ description: 'What happened; never a token' }),
    workflow_id: z.string().nullable(),
    created_at: z.string(),
  })
  .openapi('ConnectedAppEvent');

const route = defineRoute('connected_apps:read', {
  method: 'get',
  path: '/api/v1/connected-apps/{id}/logs',
  operationId: 'listConnectedAppLogs',
  tags: ['Connected apps'],
  summary: "An app's log: authorizations, refreshes, tests, syncs, newest first",
  'x-resource': 'connected_app',
  request: { params: AppIdParam, query: CursorPaginationQuery },
  problems: ['not_found'],
  responses: {
    200: jsonResponse(cursorPaginated(EventSchema), 'A page of events'),
    ...errorResponses(400, 404),
  },
});

export function registerListConnectedAppLogsRoute(app: App) {
  app.openapi(route, async (c) =>
    c.json(
      await listConnectedAppLogs(
        serviceContext(c),
        c.req.valid('param').id,
        toPageQuery(c.req.valid('query')),
      ),
      200,
    ),
  );
}
