import type { App } from '../../env.js';

export function registerExportRoutes(_app: App) {}
