import { z } from '@hono/zod-openapi';
import { checkAllIntegrations } from '../../../services/integrations/check-all-integrations.js';
import type { App } from '../../env.js';
import { serviceContext } from '../../middleware/auth/index.js';
import { jsonResponse } from '../../openapi.js';
import { defineRoute } from '../../route.js';

const Summary = z
  .object({
    checked: z.number().int(),
    healthy: z.number().int(),
    failing: z.number().int(),
    skipped: z
      .number()
      .int()
      .openapi({ description: 'Enabled integrations beyond the 50 one request checks' }),
    results: z.array(
      z.object({
        integration_id: z.string(),
        name: z.string(),
        ok: z.boolean(),
        status_code: z.number().int().nullable(),
        latency_ms: z.number().int().nullable(),
        error: z.string().nullable(),
      }),
    ),
  })
  .openapi('IntegrationsCheckSummary');

const route = defineRoute('integrations:write', {
  method: 'post',
  path: '/api/v1/integrations/health-check-all',
  operationId: 'checkAllIntegrations',
  tags: ['Integrations'],
  summary: 'Check every enabled integration now (five at a time, at most 50)',
  problems: [],
  responses: { 200: jsonResponse(Summary, 'What each check found') },
});

export function registerCheckAllIntegrationsRoute(app: App) {
  app.openapi(route, async (c) => c.json(await checkAllIntegrations(serviceContext(c)), 200));
}
