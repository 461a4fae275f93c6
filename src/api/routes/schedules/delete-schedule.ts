import { deleteSchedule } from '../../../services/schedules/delete-schedule.js';
import type { App } from '../../env.js';
import { serviceContext } from '../../middleware/auth/index.js';
import { errorResponses } from '../../openapi.js';
import { defineRoute } from '../../route.js';
import { ScheduleIdParam } from './schemas.js';

const route = defineRoute('schedules:write', {
  method: 'delete',
  path: '/api/v1/schedules/{id}',
  operationId: 'deleteSchedule',
  tags: ['Schedules'],
  summary: 'Delete a schedule',
  description:
    'Deletes the Temporal Schedule (no further runs) and the record (reads answer 404). Runs already started carry on.',
  'x-resource': 'schedule',
  request: { params: ScheduleIdParam },
  problems: ['not_found', 'schedule_owned_by_trigger'],
  responses: { 204: { description: 'Deleted' }, ...errorResponses(404, 409) },
});

export function registerDeleteScheduleRoute(app: App) {
  app.openapi(route, async (c) => {
    await deleteSchedule(serviceContext(c), c.req.valid('param').id);
    return c.body(null, 204);
  });
}
