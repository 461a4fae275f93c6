import type { App } from '../../env.js';
import { registerBulkExecutionRoutes } from './executions.js';
import { registerBulkWorkflowRoutes } from './workflows.js';

export function registerBulkRoutes(app: App) {
  registerBulkWorkflowRoutes(app);
  registerBulkExecutionRoutes(app);
}
