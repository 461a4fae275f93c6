import type { App } from '../../env.js';

export function registerTemplatesRoutes(_app: App) {}
