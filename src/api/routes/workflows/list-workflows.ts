import { z } from '@hono/zod-openapi';
import { listWorkflows } from '../../../services/workflows/list-workflows.js';
import type { App } from '../../env.js';
import { serviceContext } from '../../middleware/auth/index.js';
import { errorResponses, jsonResponse } from '../../openapi.js';
import { defineRoute } from '../../route.js';
import { PaginationQuery, paginated, toPageQuery } from '../../schemas/pagination.js';
import { WorkflowSchema } from './schemas.js';

const Query = PaginationQuery.extend({
  status: z.enum(['draft', 'published', 'archived']).optional(),
  tag: z.string().min(1).max(50).optional().openapi({ description: 'Only workflows carrying this tag' }),
  q: z.string().min(1).max(200).optional().openapi({ description: 'Name contains (case-insensitive)' }),
});

const route = defineRoute('workflows:read', {
  method: 'get',
  path: '/api/v1/workflows',
  operationId: 'listWorkflows',
  tags: ['Workflows'],
  summary: 'List workflows, newest first',
  request: { query: Query },
  problems: [],
  responses: { 200: jsonResponse(paginated(WorkflowSchema), 'A page of workflows'), ...errorResponses(400) },
});

export function registerListWorkflowsRoute(app: App) {
  app.openapi(route, async (c) => {
    const query = c.req.valid('query');
    const page = await listWorkflows(serviceContext(c), {
      ...toPageQuery(query),
      status: query.status,
      tag: query.tag,
      q: query.q,
    });
    return c.json(page, 200);
  });
}
