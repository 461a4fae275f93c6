import type { App } from '../../env.js';

export function registerBulkWorkflowRoutes(_app: App) {}
