import type { App } from '../../env.js';
import { registerAiTaskRoute } from './task-route.js';

export function registerExtractRoute(app: App) {
  registerAiTaskRoute(app, 'extract', {
    path: '/api/v1/ai/extract',
    operationId: 'aiExtract',
    summary: 'Structured data extraction',
    description:
      'Extracts the fields `schema` describes (a JSON Schema object; no pattern, $ref or format) from `text`; the answer is checked against the schema and re-asked up to twice. Result: `{ data }`.',
    structured: true,
  });
}
