import type { App } from '../../env.js';

export function registerBulkExecutionRoutes(_app: App) {}
