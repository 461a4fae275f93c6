import type { App } from '../../env.js';
import { registerAiTaskRoute } from './task-route.js';

export function registerSummarizeRoute(app: App) {
  registerAiTaskRoute(app, 'summarize', {
    path: '/api/v1/ai/summarize',
    operationId: 'aiSummarize',
    summary: 'Text summarization',
    description:
      'Summarizes `text` in at most `max_words` words, as a paragraph or bullets. Result: `{ summary }`.',
    structured: false,
  });
}
