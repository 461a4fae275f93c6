import { revokeConnectedApp } from '../../../services/connected-apps/revoke-connected-app.js';
import type { App } from '../../env.js';
import { serviceContext } from '../../middleware/auth/index.js';
import { errorResponses, jsonResponse } from '../../openapi.js';
import { defineRoute } from '../../route.js';
import { AppIdParam, ConnectedAppSchema } from './schemas.js';

const route = defineRoute('connected_apps:write', {
  method: 'post',
  path: '/api/v1/connected-apps/{id}/revoke',
  operationId: 'revokeConnectedApp',
  tags: ['Connected apps'],
  summary: "Revoke an app's access",
  description:
    "Calls the provider's RFC 7009 revocation endpoint where it has one, then deletes the tokens; the app is `revoked`.",
  'x-resource': 'connected_app',
  request: { params: AppIdParam },
  problems: ['not_found', 'provider_error', 'master_key_unavailable'],
  responses: { 200: jsonResponse(ConnectedAppSchema, 'The revoked app'), ...errorResponses(404, 502, 503) },
});

export function registerRevokeConnectedAppRoute(app: App) {
  app.openapi(route, async (c) =>
    c.json(await revokeConnectedApp(serviceContext(c), c.req.valid('param').id), 200),
  );
}
