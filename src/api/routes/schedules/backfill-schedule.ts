import { z } from '@hono/zod-openapi';
import { OVERLAP_POLICIES } from '../../../db/schema/schedules.js';
import { backfillSchedule, MAX_BACKFILL_RUNS } from '../../../services/schedules/backfill-schedule.js';
import type { App } from '../../env.js';
import { serviceContext } from '../../middleware/auth/index.js';
import { errorResponses, jsonBody, jsonResponse } from '../../openapi.js';
import { defineRoute } from '../../route.js';
import { ScheduleIdParam } from './schemas.js';

const Body = z
  .strictObject({
    start: z.iso.datetime({ offset: true }).openapi({ example: '2026-01-01T00:00:00Z' }),
    end: z.iso.datetime({ offset: true }).openapi({ example: '2026-01-02T00:00:00Z' }),
    overlap_policy: z.enum(OVERLAP_POLICIES).optional().openapi({
      description: 'For these runs only (default buffer_all: each missed run, one after another)',
    }),
  })
  .openapi('BackfillScheduleRequest');

const Accepted = z
  .object({
    schedule_id: z.string(),
    start: z.string(),
    end: z.string(),
    overlap_policy: z.enum(OVERLAP_POLICIES),
    runs: z.number().int().openapi({ description: 'How many runs the range holds' }),
  })
  .openapi('ScheduleBackfillRequested');

const route = defineRoute('schedules:write', {
  method: 'post',
  path: '/api/v1/schedules/{id}/backfill',
  operationId: 'backfillSchedule',
  tags: ['Schedules'],
  summary: 'Run the runs a past range should have had',
  description: `Temporal takes, now, every run the timetable had between start and end (both past, start before end, at most ${MAX_BACKFILL_RUNS} runs: 400 \`backfill_too_large\` beyond).`,
  'x-resource': 'schedule',
  request: { params: ScheduleIdParam, body: jsonBody(Body) },
  problems: [
    'backfill_too_large',
    'invalid_schedule',
    'not_found',
    'schedule_missing_in_temporal',
    'schedule_owned_by_trigger',
  ],
  responses: {
    202: jsonResponse(Accepted, 'Temporal accepted the backfill'),
    ...errorResponses(400, 404, 409, 413, 415),
  },
});

export function registerBackfillScheduleRoute(app: App) {
  app.openapi(route, async (c) => {
    const body = c.req.valid('json');
    return c.json(
      await backfillSchedule(serviceContext(c), c.req.valid('param').id, {
        start: new Date(body.start),
        end: new Date(body.end),
        ...(body.overlap_policy ? { overlap_policy: body.overlap_policy } : {}),
      }),
      202,
    );
  });
}
