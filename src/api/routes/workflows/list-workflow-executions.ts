import { z } from '@hono/zod-openapi';
import { EXECUTION_STATUSES } from '../../../db/schema/index.js';
import { listWorkflowExecutions } from '../../../services/workflows/list-workflow-executions.js';
import type { App } from '../../env.js';
import { serviceContext } from '../../middleware/auth/index.js';
import { errorResponses, idParam, jsonResponse } from '../../openapi.js';
import { defineRoute } from '../../route.js';
import { CursorPaginationQuery, cursorPaginated, TotalExact, toPageQuery } from '../../schemas/pagination.js';
import { WORKFLOW_ID_EXAMPLE, WorkflowExecutionSchema } from './schemas.js';

const route = defineRoute('executions:read', {
  method: 'get',
  path: '/api/v1/workflows/{id}/executions',
  operationId: 'listWorkflowExecutions',
  tags: ['Workflows'],
  summary: 'Executions of a workflow, newest first',
  description:
    'Like `GET /executions?workflow_id=`: page with `page`/`page_size`, or follow `next_cursor` with `cursor`.',
  'x-resource': 'workflow',
  request: {
    params: idParam('id', WORKFLOW_ID_EXAMPLE),
    query: CursorPaginationQuery.extend({ status: z.enum(EXECUTION_STATUSES).optional() }),
  },
  problems: ['not_found'],
  responses: {
    200: jsonResponse(
      cursorPaginated(WorkflowExecutionSchema).extend({ total_exact: TotalExact }),
      'A page of executions',
    ),
    ...errorResponses(400, 404),
  },
});

export function registerListWorkflowExecutionsRoute(app: App) {
  app.openapi(route, async (c) => {
    const query = c.req.valid('query');
    const page = await listWorkflowExecutions(serviceContext(c), c.req.valid('param').id, {
      ...toPageQuery(query),
      status: query.status,
    });
    return c.json(page, 200);
  });
}
