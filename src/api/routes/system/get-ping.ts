import { getPing } from '../../../services/system/ping.js';
import type { App } from '../../env.js';
import { serviceContext } from '../../middleware/auth/index.js';
import { errorResponses, idParam, jsonResponse } from '../../openapi.js';
import { defineRoute } from '../../route.js';
import { PingRunSchema } from './schemas.js';

const route = defineRoute('system:ping', {
  method: 'get',
  path: '/api/v1/system/ping/{id}',
  operationId: 'getPing',
  tags: ['System'],
  summary: 'Status and answer of a ping run',
  'x-resource': 'ping',
  request: { params: idParam('id', 'png_01JD3Y6S2W8Q9R7T5V4X3Z2A1B') },
  problems: ['not_found'],
  responses: { 200: jsonResponse(PingRunSchema, 'The ping run'), ...errorResponses(404) },
});

export function registerGetPingRoute(app: App) {
  app.openapi(route, async (c) => c.json(await getPing(serviceContext(c), c.req.valid('param').id), 200));
}
