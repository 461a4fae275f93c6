import { updateSchedule } from '../../../services/schedules/update-schedule.js';
import type { App } from '../../env.js';
import { serviceContext } from '../../middleware/auth/index.js';
import { errorResponses, jsonBody, jsonResponse } from '../../openapi.js';
import { defineRoute } from '../../route.js';
import { ScheduleIdParam, ScheduleSchema, UpdateScheduleBody } from './schemas.js';

const route = defineRoute('schedules:write', {
  method: 'put',
  path: '/api/v1/schedules/{id}',
  operationId: 'updateSchedule',
  tags: ['Schedules'],
  summary: 'Change a schedule',
  description:
    'Fields left out keep their value; giving only cron (or only interval) replaces the other. The Temporal Schedule is updated in step; errors as for create.',
  'x-resource': 'schedule',
  request: { params: ScheduleIdParam, body: jsonBody(UpdateScheduleBody) },
  problems: [
    'invalid_schedule',
    'not_found',
    'schedule_missing_in_temporal',
    'schedule_owned_by_trigger',
    'workflow_archived',
    'workflow_not_published',
  ],
  responses: {
    200: jsonResponse(ScheduleSchema, 'The schedule after the change'),
    ...errorResponses(400, 404, 409, 413, 415),
  },
});

export function registerUpdateScheduleRoute(app: App) {
  app.openapi(route, async (c) =>
    c.json(await updateSchedule(serviceContext(c), c.req.valid('param').id, c.req.valid('json')), 200),
  );
}
