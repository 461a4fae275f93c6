import type { App } from '../../env.js';
import { registerRobotSecurityScheme } from '../../middleware/robot-auth/index.js';
import { registerAgentStatsRoute } from './agent-stats.js';
import { registerDeleteAgentRoute } from './delete-agent.js';
import { registerGetAgentRoute } from './get-agent.js';
import { registerListAgentsRoute } from './list-agents.js';
import { registerPatchAgentRoute } from './patch-agent.js';
import { registerRegisterAgentRoute } from './register-agent.js';
import { registerReplaceAgentRoute } from './replace-agent.js';
import { registerRobotHeartbeatRoute } from './robot-heartbeat.js';
import { registerRotateAgentTokenRoute } from './rotate-agent-token.js';

export function registerAgentsRoutes(app: App) {
  registerRobotSecurityScheme(app);
  registerListAgentsRoute(app);
  registerRegisterAgentRoute(app);
  // Before /agents/{id}, which would otherwise take "stats" for an id.
  registerAgentStatsRoute(app);
  registerGetAgentRoute(app);
  registerReplaceAgentRoute(app);
  registerPatchAgentRoute(app);
  registerDeleteAgentRoute(app);
  registerRotateAgentTokenRoute(app);
  registerRobotHeartbeatRoute(app);
}
