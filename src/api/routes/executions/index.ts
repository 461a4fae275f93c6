import type { App } from '../../env.js';
import { registerEventSocketRoute } from '../../ws/route.js';
import { registerCancelExecutionRoute } from './cancel-execution.js';
import { registerGetExecutionRoute } from './get-execution.js';
import { registerGetWorkflowExecutionRoute } from './get-workflow-execution.js';
import { registerListExecutionLogsRoute } from './list-execution-logs.js';
import { registerListExecutionsRoute } from './list-executions.js';
import { registerRetryExecutionRoute } from './retry-execution.js';

export function registerExecutionsRoutes(app: App) {
  registerListExecutionsRoute(app);
  registerGetExecutionRoute(app);
  registerListExecutionLogsRoute(app);
  registerCancelExecutionRoute(app);
  registerRetryExecutionRoute(app);
  registerGetWorkflowExecutionRoute(app);
  // The live-event socket's documented HTTP face: its events are about executions.
  registerEventSocketRoute(app);
}
