import type { App } from '../../env.js';

export function registerWorkflowsRoutes(_app: App) {}
