import type { App } from '../../env.js';
import { registerAiTaskRoute } from './task-route.js';

export function registerAnalyzeRoute(app: App) {
  registerAiTaskRoute(app, 'analyze', {
    path: '/api/v1/ai/analyze',
    operationId: 'aiAnalyze',
    summary: 'Analyze data',
    description:
      'Claude analyzes `data` (any JSON), answering `question` if given. Result: `{ analysis }` (Markdown).',
    structured: false,
  });
}
