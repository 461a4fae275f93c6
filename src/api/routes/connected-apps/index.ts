import type { App } from '../../env.js';
import { registerCreateConnectedAppRoute } from './create-connected-app.js';
import { registerDeleteConnectedAppRoute } from './delete-connected-app.js';
import { registerEditConnectedAppRoutes } from './edit-connected-app.js';
import { registerGetConnectedAppRoute } from './get-connected-app.js';
import { registerListConnectedAppLogsRoute } from './list-connected-app-logs.js';
import { registerListConnectedAppsRoute } from './list-connected-apps.js';
import { registerOAuthCallbackRoute } from './oauth-callback.js';
import { registerRefreshConnectedAppTokenRoute } from './refresh-connected-app-token.js';
import { registerRevokeConnectedAppRoute } from './revoke-connected-app.js';
import { registerSyncConnectedAppRoute } from './sync-connected-app.js';
import { registerTestConnectedAppRoute } from './test-connected-app.js';

export function registerConnectedAppsRoutes(app: App) {
  registerListConnectedAppsRoute(app);
  registerCreateConnectedAppRoute(app);
  // Before /connected-apps/{id}/…: a fixed path registered after a parameterised one would be swallowed.
  registerOAuthCallbackRoute(app);
  registerGetConnectedAppRoute(app);
  registerEditConnectedAppRoutes(app);
  registerDeleteConnectedAppRoute(app);
  registerListConnectedAppLogsRoute(app);
  registerRefreshConnectedAppTokenRoute(app);
  registerRevokeConnectedAppRoute(app);
  registerSyncConnectedAppRoute(app);
  registerTestConnectedAppRoute(app);
}
