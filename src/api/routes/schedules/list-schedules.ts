import { listSchedules } from '../../../services/schedules/list-schedules.js';
import type { App } from '../../env.js';
import { serviceContext } from '../../middleware/auth/index.js';
import { errorResponses, jsonResponse } from '../../openapi.js';
import { defineRoute } from '../../route.js';
import { PaginationQuery, paginated, toPageQuery } from '../../schemas/pagination.js';
import { ScheduleSchema } from './schemas.js';

const route = defineRoute('schedules:read', {
  method: 'get',
  path: '/api/v1/schedules',
  operationId: 'listSchedules',
  tags: ['Schedules'],
  summary: 'List schedules, newest first',
  description: 'Each item carries its live state from Temporal: paused, next run times, recent runs.',
  request: { query: PaginationQuery },
  problems: [],
  responses: { 200: jsonResponse(paginated(ScheduleSchema), 'A page of schedules'), ...errorResponses(400) },
});

export function registerListSchedulesRoute(app: App) {
  app.openapi(route, async (c) =>
    c.json(await listSchedules(serviceContext(c), toPageQuery(c.req.valid('query'))), 200),
  );
}
