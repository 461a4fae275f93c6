import { z } from '@hono/zod-openapi';
import { OVERLAP_POLICIES } from '../../../db/schema/schedules.js';
import { runScheduleNow } from '../../../services/schedules/run-schedule.js';
import type { App } from '../../env.js';
import { serviceContext } from '../../middleware/auth/index.js';
import { errorResponses, jsonResponse } from '../../openapi.js';
import { defineRoute } from '../../route.js';
import { ScheduleIdParam } from './schemas.js';

const Body = z
  .strictObject({
    overlap_policy: z.enum(OVERLAP_POLICIES).optional().openapi({
      description: 'For this run only (default allow_all: it starts even if a run is in progress)',
    }),
  })
  .openapi('RunScheduleRequest');

const Accepted = z
  .object({
    schedule_id: z.string(),
    overlap_policy: z.enum(OVERLAP_POLICIES),
    requested_at: z.string(),
  })
  .openapi('ScheduleRunRequested');

const route = defineRoute('schedules:write', {
  method: 'post',
  path: '/api/v1/schedules/{id}/run',
  operationId: 'runSchedule',
  tags: ['Schedules'],
  summary: 'Run a schedule now',
  description:
    'Temporal starts one run outside the timetable, also while paused. It appears in recent_runs and as an execution with trigger `schedule`.',
  'x-resource': 'schedule',
  request: {
    params: ScheduleIdParam,
    body: { required: false, content: { 'application/json': { schema: Body } } },
  },
  problems: ['invalid_schedule', 'not_found', 'schedule_missing_in_temporal', 'schedule_owned_by_trigger'],
  responses: {
    202: jsonResponse(Accepted, 'Temporal accepted the request'),
    ...errorResponses(400, 404, 409, 413, 415),
  },
});

export function registerRunScheduleRoute(app: App) {
  app.openapi(route, async (c) => {
    const body = (c.req.valid('json') ?? {}) as z.infer<typeof Body>;
    return c.json(await runScheduleNow(serviceContext(c), c.req.valid('param').id, body.overlap_policy), 202);
  });
}
