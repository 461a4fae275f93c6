import type { App } from '../../env.js';
import { registerGetPingRoute } from './get-ping.js';
import { registerStartPingRoute } from './start-ping.js';

export function registerSystemRoutes(app: App) {
  registerStartPingRoute(app);
  registerGetPingRoute(app);
}
