import type { App } from '../../env.js';

export function registerWorkflowVariablesRoutes(_app: App) {}
