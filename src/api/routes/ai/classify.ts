import type { App } from '../../env.js';
import { registerAiTaskRoute } from './task-route.js';

export function registerClassifyRoute(app: App) {
  registerAiTaskRoute(app, 'classify', {
    path: '/api/v1/ai/classify',
    operationId: 'aiClassify',
    summary: 'Text classification',
    description:
      'Puts `text` in one of `categories`, through a forced tool call checked against the list (re-asked up to twice). Result: `{ category, confidence, reason }`.',
    structured: true,
  });
}
