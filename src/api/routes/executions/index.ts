import type { App } from '../../env.js';

export function registerExecutionsRoutes(_app: App) {}
