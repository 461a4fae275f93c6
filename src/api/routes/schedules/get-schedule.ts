import { getSchedule } from '../../../services/schedules/get-schedule.js';
import type { App } from '../../env.js';
import { serviceContext } from '../../middleware/auth/index.js';
import { errorResponses, jsonResponse } from '../../openapi.js';
import { defineRoute } from '../../route.js';
import { ScheduleIdParam, ScheduleSchema } from './schemas.js';

const route = defineRoute('schedules:read', {
  method: 'get',
  path: '/api/v1/schedules/{id}',
  operationId: 'getSchedule',
  tags: ['Schedules'],
  summary: 'A schedule and its live state in Temporal',
  description:
    'The cron text as entered, with paused state, note, next 5 run times, recent and running runs.',
  'x-resource': 'schedule',
  request: { params: ScheduleIdParam },
  problems: ['not_found'],
  responses: { 200: jsonResponse(ScheduleSchema, 'The schedule'), ...errorResponses(404) },
});

export function registerGetScheduleRoute(app: App) {
  app.openapi(route, async (c) => c.json(await getSchedule(serviceContext(c), c.req.valid('param').id), 200));
}
