import { z } from '@hono/zod-openapi';
import { AGENT_TASK_STATUSES } from '../../../db/schema/index.js';
import { listAssignedTasks } from '../../../services/agent-tasks/list-assigned-tasks.js';
import type { App } from '../../env.js';
import { serviceContext } from '../../middleware/auth/index.js';
import { errorResponses, idParam, jsonResponse } from '../../openapi.js';
import { defineRoute } from '../../route.js';
import { toPageQuery } from '../../schemas/pagination.js';
import { AGENT_ID_EXAMPLE } from '../agents/schemas.js';
import { TaskListQuery, TaskPageSchema } from './schemas.js';

const Query = TaskListQuery.extend({ status: z.enum(AGENT_TASK_STATUSES).optional() });

const route = defineRoute('agents:read', {
  method: 'get',
  path: '/api/v1/agent-tasks/assigned/{agent_id}',
  operationId: 'listAssignedAgentTasks',
  tags: ['Agent Tasks'],
  summary: 'The tasks an agent has claimed, newest first',
  'x-resource': 'agent',
  request: { params: idParam('agent_id', AGENT_ID_EXAMPLE), query: Query },
  problems: ['not_found'],
  responses: { 200: jsonResponse(TaskPageSchema, 'A page of tasks'), ...errorResponses(400, 404) },
});

export function registerListAssignedRoute(app: App) {
  app.openapi(route, async (c) => {
    const query = c.req.valid('query');
    const page = await listAssignedTasks(serviceContext(c), c.req.valid('param').agent_id, {
      ...toPageQuery(query),
      status: query.status,
    });
    return c.json(page, 200);
  });
}
