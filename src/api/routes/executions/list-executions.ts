import { listExecutions } from '../../../services/executions/list-executions.js';
import type { App } from '../../env.js';
import { serviceContext } from '../../middleware/auth/index.js';
import { errorResponses, jsonResponse } from '../../openapi.js';
import { defineRoute } from '../../route.js';
import { cursorPaginated, TotalExact, toPageQuery } from '../../schemas/pagination.js';
import { ExecutionListQuery, ExecutionSchema, toFilters } from './schemas.js';

const route = defineRoute('executions:read', {
  method: 'get',
  path: '/api/v1/executions',
  operationId: 'listExecutions',
  tags: ['Executions'],
  summary: 'Executions, newest first',
  description:
    'Filter by status, workflow, trigger and start time. Page with `page`/`page_size`, or follow ' +
    '`next_cursor` with `cursor` (keyset pagination: stable while new runs start, and as fast deep in the list).',
  request: { query: ExecutionListQuery },
  problems: [],
  responses: {
    200: jsonResponse(
      cursorPaginated(ExecutionSchema).extend({ total_exact: TotalExact }),
      'A page of executions',
    ),
    ...errorResponses(400),
  },
});

export function registerListExecutionsRoute(app: App) {
  app.openapi(route, async (c) => {
    const query = c.req.valid('query');
    const result = await listExecutions(serviceContext(c), {
      ...toPageQuery(query),
      filters: toFilters(query),
    });
    return c.json(result, 200);
  });
}
