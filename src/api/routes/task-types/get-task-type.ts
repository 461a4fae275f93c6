import { getTaskType } from '../../../services/workflows/task-types.js';
import type { App } from '../../env.js';
import { serviceContext } from '../../middleware/auth/index.js';
import { errorResponses, idParam, jsonResponse } from '../../openapi.js';
import { defineRoute } from '../../route.js';
import { TaskTypeSchema } from './schemas.js';

const route = defineRoute('workflows:read', {
  method: 'get',
  path: '/api/v1/task-types/{type}',
  operationId: 'getTaskType',
  tags: ['Task Types'],
  summary: 'One step type and its config schema',
  'x-resource': 'global',
  request: { params: idParam('type', 'http') },
  problems: ['not_found'],
  responses: { 200: jsonResponse(TaskTypeSchema, 'The step type'), ...errorResponses(404) },
});

export function registerGetTaskTypeRoute(app: App) {
  app.openapi(route, async (c) =>
    c.json(await getTaskType(serviceContext(c), c.req.valid('param').type), 200),
  );
}
