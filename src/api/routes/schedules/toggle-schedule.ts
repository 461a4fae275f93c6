import { z } from '@hono/zod-openapi';
import { toggleSchedule } from '../../../services/schedules/toggle-schedule.js';
import type { App } from '../../env.js';
import { serviceContext } from '../../middleware/auth/index.js';
import { errorResponses, jsonResponse } from '../../openapi.js';
import { defineRoute } from '../../route.js';
import { ScheduleIdParam, ScheduleSchema } from './schemas.js';

const Body = z
  .strictObject({
    paused: z.boolean().optional().openapi({ description: 'The state to set; left out, the state flips' }),
  })
  .openapi('ToggleScheduleRequest');

const route = defineRoute('schedules:write', {
  method: 'post',
  path: '/api/v1/schedules/{id}/toggle',
  operationId: 'toggleSchedule',
  tags: ['Schedules'],
  summary: 'Pause or unpause a schedule',
  description: 'Pauses or unpauses the Temporal Schedule, with a note naming who did it.',
  'x-resource': 'schedule',
  request: {
    params: ScheduleIdParam,
    body: { required: false, content: { 'application/json': { schema: Body } } },
  },
  problems: ['invalid_schedule', 'not_found', 'schedule_missing_in_temporal', 'schedule_owned_by_trigger'],
  responses: {
    200: jsonResponse(ScheduleSchema, 'The schedule in its new state'),
    ...errorResponses(400, 404, 409, 413, 415),
  },
});

export function registerToggleScheduleRoute(app: App) {
  app.openapi(route, async (c) => {
    const body = (c.req.valid('json') ?? {}) as z.infer<typeof Body>;
    return c.json(await toggleSchedule(serviceContext(c), c.req.valid('param').id, body.paused), 200);
  });
}
