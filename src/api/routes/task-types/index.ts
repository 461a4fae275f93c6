import type { App } from '../../env.js';
import { registerGetTaskTypeRoute } from './get-task-type.js';
import { registerListTaskTypesRoute } from './list-task-types.js';

export function registerTaskTypesRoutes(app: App) {
  registerListTaskTypesRoute(app);
  registerGetTaskTypeRoute(app);
}
