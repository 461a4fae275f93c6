import { deleteConnectedApp } from '../../../services/connected-apps/delete-connected-app.js';
import type { App } from '../../env.js';
import { serviceContext } from '../../middleware/auth/index.js';
import { errorResponses } from '../../openapi.js';
import { defineRoute } from '../../route.js';
import { AppIdParam } from './schemas.js';

const route = defineRoute('connected_apps:write', {
  method: 'delete',
  path: '/api/v1/connected-apps/{id}',
  operationId: 'deleteConnectedApp',
  tags: ['Connected apps'],
  summary: 'Disconnect and delete an app',
  description:
    'Deletes its tokens and client secret and ends its token workflow. Revoke first to end the grant at the provider.',
  'x-resource': 'connected_app',
  request: { params: AppIdParam },
  problems: ['not_found'],
  responses: { 204: { description: 'Deleted' }, ...errorResponses(404) },
});

export function registerDeleteConnectedAppRoute(app: App) {
  app.openapi(route, async (c) => {
    await deleteConnectedApp(serviceContext(c), c.req.valid('param').id);
    return c.body(null, 204);
  });
}
