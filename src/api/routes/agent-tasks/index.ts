import type { App } from '../../env.js';
import { registerRobotSecurityScheme } from '../../middleware/robot-auth/index.js';
import { registerClaimTaskRoute } from './claim-task.js';
import { registerListAssignedRoute } from './list-assigned.js';
import { registerListQueueRoute } from './list-queue.js';
import { registerSubmitResultRoute } from './submit-result.js';

export function registerAgentTasksRoutes(app: App) {
  registerRobotSecurityScheme(app);
  registerClaimTaskRoute(app);
  registerSubmitResultRoute(app);
  registerListQueueRoute(app);
  registerListAssignedRoute(app);
}
