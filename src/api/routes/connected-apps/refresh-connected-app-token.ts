import { refreshConnectedApp } from '../../../services/connected-apps/refresh-connected-app.js';
import type { App } from '../../env.js';
import { serviceContext } from '../../middleware/auth/index.js';
import { errorResponses, jsonResponse } from '../../openapi.js';
import { defineRoute } from '../../route.js';
import { AppIdParam, ConnectedAppSchema } from './schemas.js';

const route = defineRoute('connected_apps:write', {
  method: 'post',
  path: '/api/v1/connected-apps/{id}/refresh-token',
  operationId: 'refreshConnectedAppToken',
  tags: ['Connected apps'],
  summary: "Refresh an app's token now",
  description:
    "Sent to the app's token workflow as an Update, so it runs in turn with a scheduled refresh. A provider refusal answers 502 and leaves the app `needs_reauth`.",
  'x-resource': 'connected_app',
  request: { params: AppIdParam },
  problems: ['not_found', 'connected_app_not_connected', 'provider_error', 'temporal_unavailable'],
  responses: {
    200: jsonResponse(ConnectedAppSchema, 'The app, with its new expiry'),
    ...errorResponses(404, 409, 502, 503),
  },
});

export function registerRefreshConnectedAppTokenRoute(app: App) {
  app.openapi(route, async (c) =>
    c.json(await refreshConnectedApp(serviceContext(c), c.req.valid('param').id), 200),
  );
}
