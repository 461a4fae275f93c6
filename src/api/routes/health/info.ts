import { z } from '@hono/zod-openapi';
import type { App } from '../../env.js';
import { jsonResponse } from '../../openapi.js';
import { defineRoute, PUBLIC } from '../../route.js';

const ApiInfo = z.object({ name: z.string(), version: z.string() }).openapi('ApiInfo');

const route = defineRoute(PUBLIC, {
  method: 'get',
  path: '/api/health',
  operationId: 'getApiInfo',
  tags: ['Health & Metrics'],
  summary: 'API name and version',
  problems: [],
  responses: { 200: jsonResponse(ApiInfo, 'API info') },
});

export function registerInfoRoute(app: App) {
  app.openapi(route, (c) => c.json({ name: 'Conveyor', version: c.get('deps').version }, 200));
}
