import { z } from '@hono/zod-openapi';
import { listTaskTypes } from '../../../services/workflows/task-types.js';
import type { App } from '../../env.js';
import { serviceContext } from '../../middleware/auth/index.js';
import { jsonResponse } from '../../openapi.js';
import { defineRoute } from '../../route.js';
import { TaskTypeSchema } from './schemas.js';

const route = defineRoute('workflows:read', {
  method: 'get',
  path: '/api/v1/task-types',
  operationId: 'listTaskTypes',
  tags: ['Task Types'],
  summary: 'Every step type a definition can use, with its config schema',
  problems: [],
  responses: { 200: jsonResponse(z.object({ items: z.array(TaskTypeSchema) }), 'Step types by name') },
});

export function registerListTaskTypesRoute(app: App) {
  app.openapi(route, async (c) => c.json({ items: await listTaskTypes(serviceContext(c)) }, 200));
}
