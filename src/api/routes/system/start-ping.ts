import { z } from '@hono/zod-openapi';
import { startPing } from '../../../services/system/ping.js';
import type { App } from '../../env.js';
import { serviceContext } from '../../middleware/auth/index.js';
import { errorResponses, jsonBody, jsonResponse } from '../../openapi.js';
import { defineRoute } from '../../route.js';
import { PingRunSchema } from './schemas.js';

const PingBody = z
  .strictObject({
    message: z.string().max(1000).default('ping').openapi({ example: 'hello' }),
    wait_seconds: z.number().int().min(0).max(30).default(10).openapi({
      description: 'How long to wait for the answer before replying 202 with the run still going',
    }),
  })
  .openapi('PingRequest');

const route = defineRoute('system:ping', {
  method: 'post',
  path: '/api/v1/system/ping',
  operationId: 'startPing',
  tags: ['System'],
  summary: 'Run the ping workflow through Temporal and a worker',
  description:
    'Checks the engine end to end: the run is visible in the Temporal Web UI under the returned id.',
  request: { body: jsonBody(PingBody) },
  problems: [],
  responses: {
    200: jsonResponse(PingRunSchema, 'The worker answered'),
    202: jsonResponse(PingRunSchema, 'Started; no answer within wait_seconds'),
    ...errorResponses(400, 415),
  },
});

export function registerStartPingRoute(app: App) {
  app.openapi(route, async (c) => {
    const body = c.req.valid('json');
    const run = await startPing(serviceContext(c), {
      message: body.message,
      waitMs: body.wait_seconds * 1000,
    });
    return run.result ? c.json(run, 200) : c.json(run, 202);
  });
}
