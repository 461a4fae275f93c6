import type { App } from '../../env.js';
import { registerCheckAllIntegrationsRoute } from './check-all-integrations.js';
import { registerCheckIntegrationRoute } from './check-integration.js';
import { registerCreateIntegrationRoute } from './create-integration.js';
import { registerDeleteIntegrationRoute } from './delete-integration.js';
import { registerGetIntegrationRoute } from './get-integration.js';
import { registerIntegrationsDashboardRoute } from './integrations-dashboard.js';
import { registerListActiveAlertsRoute } from './list-active-alerts.js';
import { registerListHealthHistoryRoute } from './list-health-history.js';
import { registerListIntegrationsRoute } from './list-integrations.js';
import { registerReplaceIntegrationRoute } from './replace-integration.js';
import { registerTestIntegrationRoute } from './test-integration.js';
import { registerToggleIntegrationRoute } from './toggle-integration.js';

export function registerIntegrationsRoutes(app: App) {
  // Fixed paths before /integrations/{id}, which would otherwise take "dashboard" for an id.
  registerIntegrationsDashboardRoute(app);
  registerListActiveAlertsRoute(app);
  registerCheckAllIntegrationsRoute(app);
  registerListIntegrationsRoute(app);
  registerCreateIntegrationRoute(app);
  registerGetIntegrationRoute(app);
  registerReplaceIntegrationRoute(app);
  registerDeleteIntegrationRoute(app);
  registerToggleIntegrationRoute(app);
  registerCheckIntegrationRoute(app);
  registerListHealthHistoryRoute(app);
  registerTestIntegrationRoute(app);
}
