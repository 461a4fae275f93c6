import type { App } from '../../env.js';

export function registerTaskTypesRoutes(_app: App) {}
