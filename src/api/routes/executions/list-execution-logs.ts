import { z } from '@hono/zod-openapi';
import { LOG_LEVELS } from '../../../db/schema/index.js';
import { listExecutionLogs } from '../../../services/executions/list-execution-logs.js';
import type { App } from '../../env.js';
import { serviceContext } from '../../middleware/auth/index.js';
import { errorResponses, jsonResponse } from '../../openapi.js';
import { defineRoute } from '../../route.js';
import { CursorPaginationQuery, cursorPaginated, toPageQuery } from '../../schemas/pagination.js';
import { ExecutionIdParam, LogEntrySchema } from './schemas.js';

const LogsQuery = CursorPaginationQuery.extend({
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
    200: jsonResponse(cursorPaginated(LogEntrySchema), 'Log entries, oldest first'),
    ...errorResponses(400, 404),
  },
});

export function registerListExecutionLogsRoute(app: App) {
  app.openapi(route, async (c) => {
    const query = c.req.valid('query');
    const result = await listExecutionLogs(serviceContext(c), c.req.valid('param').id, {
      ...toPageQuery(query),
      level: query.level,
      stepId: query.step_id,
      after: query.after,
    });
    return c.json(result, 200);
  });
}
