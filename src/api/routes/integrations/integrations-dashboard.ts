import { z } from '@hono/zod-openapi';
import { integrationsDashboard } from '../../../services/integrations/integrations-dashboard.js';
import type { App } from '../../env.js';
import { serviceContext } from '../../middleware/auth/index.js';
import { jsonResponse } from '../../openapi.js';
import { defineRoute } from '../../route.js';
import { AlertSchema, IntegrationSchema } from './schemas.js';

const Dashboard = z
  .object({
    total: z.number().int(),
    healthy: z.number().int(),
    failing: z.number().int(),
    unknown: z.number().int(),
    open_alerts: z.number().int(),
    items: z.array(
      IntegrationSchema.extend({
        uptime_24h: z
          .number()
          .nullable()
          .openapi({ description: 'Percent of checks passed; null with none' }),
        uptime_7d: z.number().nullable(),
        open_alert: AlertSchema.nullable(),
      }),
    ),
  })
  .openapi('IntegrationsDashboard');

const route = defineRoute('integrations:read', {
  method: 'get',
  path: '/api/v1/integrations/dashboard',
  operationId: 'integrationsDashboard',
  tags: ['Integrations'],
  summary: 'Every integration’s health: state, last latency, uptime over 24 h and 7 d, open alert',
  problems: [],
  responses: { 200: jsonResponse(Dashboard, 'The overview') },
});

export function registerIntegrationsDashboardRoute(app: App) {
  app.openapi(route, async (c) => c.json(await integrationsDashboard(serviceContext(c)), 200));
}
