import { getConnectedApp } from '../../../services/connected-apps/list-connected-apps.js';
import type { App } from '../../env.js';
import { serviceContext } from '../../middleware/auth/index.js';
import { errorResponses, jsonResponse } from '../../openapi.js';
import { defineRoute } from '../../route.js';
import { AppIdParam, ConnectedAppSchema } from './schemas.js';

const route = defineRoute('connected_apps:read', {
  method: 'get',
  path: '/api/v1/connected-apps/{id}',
  operationId: 'getConnectedApp',
  tags: ['Connected apps'],
  summary: 'A connected app',
  'x-resource': 'connected_app',
  request: { params: AppIdParam },
  problems: ['not_found'],
  responses: { 200: jsonResponse(ConnectedAppSchema, 'The app'), ...errorResponses(404) },
});

export function registerGetConnectedAppRoute(app: App) {
  app.openapi(route, async (c) =>
    c.json(await getConnectedApp(serviceContext(c), c.req.valid('param').id), 200),
  );
}
