import { z } from '@hono/zod-openapi';
import { testIntegration } from '../../../services/integrations/test-integration.js';
import type { App } from '../../env.js';
import { serviceContext } from '../../middleware/auth/index.js';
import { errorResponses, jsonBody, jsonResponse } from '../../openapi.js';
import { defineRoute } from '../../route.js';
import { IntegrationIdParam } from './schemas.js';

const Strings = z
  .record(z.string().min(1).max(200), z.string().max(8000))
  .refine((r) => Object.keys(r).length <= 50, 'at most 50 entries');

const Body = z
  .object({
    method: z.enum(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE']).default('GET'),
    path: z.string().min(1).max(2000).regex(/^\//, 'starts with /').default('/'),
    headers: Strings.optional(),
    query: Strings.optional(),
    body: z.unknown().optional().openapi({ description: 'JSON, or a string sent as is' }),
    timeout_seconds: z.number().int().min(1).max(60).optional(),
  })
  .strict()
  .openapi('TestIntegrationRequest');

const Answer = z
  .object({
    ok: z
      .boolean()
      .openapi({ description: 'An answer came back (any status); false: none did, see `error`' }),
    url: z.string(),
    status: z.number().int().optional(),
    headers: z.record(z.string(), z.string()).optional(),
    latency_ms: z.number().int(),
    body: z.unknown().optional().openapi({ description: 'Cut to 64 KiB; secrets masked' }),
    truncated: z.boolean().optional(),
    error: z.string().optional(),
  })
  .openapi('TestIntegrationAnswer');

const route = defineRoute('integrations:write', {
  method: 'post',
  path: '/api/v1/integrations/{id}/test',
  operationId: 'testIntegration',
  tags: ['Integrations'],
  summary: 'Send a test request through the integration, with its auth',
  'x-resource': 'integration',
  request: { params: IntegrationIdParam, body: jsonBody(Body) },
  problems: ['not_found'],
  responses: { 200: jsonResponse(Answer, 'What came back'), ...errorResponses(400, 404, 413, 415) },
});

export function registerTestIntegrationRoute(app: App) {
  app.openapi(route, async (c) =>
    c.json(await testIntegration(serviceContext(c), c.req.valid('param').id, c.req.valid('json')), 200),
  );
}
