import { z } from '@hono/zod-openapi';
import { syncConnectedApp } from '../../../services/connected-apps/sync-connected-app.js';
import type { App } from '../../env.js';
import { serviceContext } from '../../middleware/auth/index.js';
import { errorResponses, jsonResponse } from '../../openapi.js';
import { defineRoute } from '../../route.js';
import { AppIdParam } from './schemas.js';

const Answer = z.object({ workflow_id: z.string() }).openapi('ConnectedAppSyncStarted');

const route = defineRoute('connected_apps:write', {
  method: 'post',
  path: '/api/v1/connected-apps/{id}/sync',
  operationId: 'syncConnectedApp',
  tags: ['Connected apps'],
  summary: "Run an app's sync request",
  description:
    'Starts a workflow that makes the configured request with the token; its answer (up to 64 KiB) lands in a `sync_completed` event of the logs, with the workflow id.',
  'x-resource': 'connected_app',
  request: { params: AppIdParam },
  problems: ['not_found', 'connected_app_not_connected', 'temporal_unavailable', 'master_key_unavailable'],
  responses: { 202: jsonResponse(Answer, 'The sync workflow started'), ...errorResponses(404, 409, 503) },
});

export function registerSyncConnectedAppRoute(app: App) {
  app.openapi(route, async (c) =>
    c.json(await syncConnectedApp(serviceContext(c), c.req.valid('param').id), 202),
  );
}
