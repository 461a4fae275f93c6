import type { App } from '../../env.js';
import { registerHealthRoute } from './health.js';
import { registerInfoRoute } from './info.js';
import { registerStatusRoute } from './status.js';

export function registerHealthRoutes(app: App) {
  registerInfoRoute(app);
  registerHealthRoute(app);
  registerStatusRoute(app);
}
