import type { App } from '../../env.js';
import { registerAiTaskRoute } from './task-route.js';

export function registerDecideRoute(app: App) {
  registerAiTaskRoute(app, 'decide', {
    path: '/api/v1/ai/decide',
    operationId: 'aiDecide',
    summary: 'Decision based on context',
    description:
      'Chooses one of `options` for `context` (text or JSON) by `criteria`, through a forced tool call checked against the options. Result: `{ decision, reason, confidence }`.',
    structured: true,
  });
}
