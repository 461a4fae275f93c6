import { z } from '@hono/zod-openapi';
import { AGENT_TASK_STATUSES } from '../../../db/schema/index.js';
import { listTaskQueue } from '../../../services/agent-tasks/list-task-queue.js';
import type { App } from '../../env.js';
import { serviceContext } from '../../middleware/auth/index.js';
import { errorResponses, jsonResponse } from '../../openapi.js';
import { defineRoute } from '../../route.js';
import { toPageQuery } from '../../schemas/pagination.js';
import { TaskListQuery, TaskPageSchema } from './schemas.js';

const Query = TaskListQuery.extend({
  status: z.enum(AGENT_TASK_STATUSES).optional().openapi({ description: 'Default `pending`' }),
  task_type: z.string().min(1).max(200).optional(),
});

const route = defineRoute('agents:read', {
  method: 'get',
  path: '/api/v1/agent-tasks/queue',
  operationId: 'listAgentTaskQueue',
  tags: ['Agent Tasks'],
  summary: 'Agent tasks in the order robots take them, oldest first',
  request: { query: Query },
  problems: [],
  responses: { 200: jsonResponse(TaskPageSchema, 'A page of tasks'), ...errorResponses(400) },
});

export function registerListQueueRoute(app: App) {
  app.openapi(route, async (c) => {
    const query = c.req.valid('query');
    const page = await listTaskQueue(serviceContext(c), {
      ...toPageQuery(query),
      status: query.status,
      taskType: query.task_type,
    });
    return c.json(page, 200);
  });
}
