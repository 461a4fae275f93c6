import { createSchedule } from '../../../services/schedules/create-schedule.js';
import type { App } from '../../env.js';
import { serviceContext } from '../../middleware/auth/index.js';
import { errorResponses, jsonBody, jsonResponse } from '../../openapi.js';
import { defineRoute } from '../../route.js';
import { CreateScheduleBody, ScheduleSchema } from './schemas.js';

const route = defineRoute('schedules:write', {
  method: 'post',
  path: '/api/v1/schedules',
  operationId: 'createSchedule',
  tags: ['Schedules'],
  summary: 'Schedule a published workflow',
  description:
    'Creates a Temporal Schedule with the same id; Temporal starts every run, each recorded as an execution with trigger `schedule`. ' +
    '400 `validation_failed` lists every field problem (cron shape, interval, time zone, input against the published variables); ' +
    '400 `invalid_schedule` when Temporal refuses the cron; 409 `workflow_not_published` / `workflow_archived`.',
  request: { body: jsonBody(CreateScheduleBody) },
  problems: [
    'invalid_schedule',
    'quota_exceeded',
    'schedule_missing_in_temporal',
    'workflow_archived',
    'workflow_not_published',
  ],
  responses: {
    201: jsonResponse(ScheduleSchema, 'The new schedule'),
    ...errorResponses(400, 409, 413, 415),
  },
});

export function registerCreateScheduleRoute(app: App) {
  app.openapi(route, async (c) => {
    const schedule = await createSchedule(serviceContext(c), c.req.valid('json'));
    c.header('Location', `/api/v1/schedules/${schedule.id}`);
    return c.json(schedule, 201);
  });
}
