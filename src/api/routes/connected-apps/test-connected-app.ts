import { z } from '@hono/zod-openapi';
import { testConnectedApp } from '../../../services/connected-apps/test-connected-app.js';
import type { App } from '../../env.js';
import { serviceContext } from '../../middleware/auth/index.js';
import { errorResponses, jsonResponse } from '../../openapi.js';
import { defineRoute } from '../../route.js';
import { AppIdParam } from './schemas.js';

const Answer = z
  .object({
    ok: z.boolean(),
    url: z.string(),
    status: z.number().int().nullable(),
    latency_ms: z.number().int().nullable(),
    body: z.unknown().openapi({ description: 'The first 4 KiB of the answer, token scrubbed' }),
    error: z.string().optional(),
  })
  .openapi('ConnectedAppTestResult');

const route = defineRoute('connected_apps:write', {
  method: 'post',
  path: '/api/v1/connected-apps/{id}/test',
  operationId: 'testConnectedApp',
  tags: ['Connected apps'],
  summary: "Test an app's connection",
  description: "Calls the app's test_url, or its provider's userinfo endpoint, with the access token.",
  'x-resource': 'connected_app',
  request: { params: AppIdParam },
  problems: ['not_found', 'connected_app_not_connected', 'master_key_unavailable'],
  responses: { 200: jsonResponse(Answer, 'How the call went'), ...errorResponses(404, 409, 503) },
});

export function registerTestConnectedAppRoute(app: App) {
  app.openapi(route, async (c) =>
    c.json(await testConnectedApp(serviceContext(c), c.req.valid('param').id), 200),
  );
}
