import { z } from '@hono/zod-openapi';
import { LOG_LEVELS } from '../../../db/schema/index.js';
import { listExecutionLogs } from '../../../services/executions/list-execution-logs.js';
import type { App } from '../../env.js';
import { serviceContext } from '../../middleware/auth/index.js';
import { errorResponses, jsonResponse, PaginationQuery, paginated } from '../../openapi.js';
import { defineRoute } from '../../route.js';
import { CursorQuery, ExecutionIdParam, LogEntrySchema, NextCursor } from './schemas.js';

const LogsQuery = PaginationQuery.extend({
  level: z
    .enum(LOG_LEVELS)
    .optional()
    .openapi({ description: 'Minimum level: `warn` gives warnings and errors' }),
  step_id: z.string().min(1).max(200).optional(),
  after: z.coerce
    .number()
    .int()
    .min(0)
    .optional()
    .openapi({ description: 'Only entries after this log id: poll with the last id seen to tail a run' }),
  cursor: CursorQuery,
});

const route = defineRoute('executions:read', {
  method: 'get',
  path: '/api/v1/executions/{id}/logs',
  operationId: 'listExecutionLogs',
  tags: ['Executions'],
  summary: "An execution's log, in order",
  'x-resource': 'execution',
  request: { params: ExecutionIdParam, query: LogsQuery },
  problems: ['not_found'],
  responses: {
    200: jsonResponse(
      paginated(LogEntrySchema).extend({ next_cursor: NextCursor }),
      'Log entries, oldest first',
    ),
    ...errorResponses(400, 404),
  },
});

export function registerListExecutionLogsRoute(app: App) {
  app.openapi(route, async (c) => {
    const query = c.req.valid('query');
    const result = await listExecutionLogs(serviceContext(c), c.req.valid('param').id, {
      level: query.level,
      stepId: query.step_id,
      after: query.after,
      page: query.page,
      pageSize: query.page_size,
      cursor: query.cursor,
    });
    return c.json(result, 200);
  });
}
