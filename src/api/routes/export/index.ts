import type { App } from '../../env.js';
import { registerExportExecutionsRoute } from './export-executions.js';

export function registerExportRoutes(app: App) {
  registerExportExecutionsRoute(app);
}
