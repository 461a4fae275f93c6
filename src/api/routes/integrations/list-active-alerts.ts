import { z } from '@hono/zod-openapi';
import { listActiveAlerts } from '../../../services/integrations/list-active-alerts.js';
import type { App } from '../../env.js';
import { serviceContext } from '../../middleware/auth/index.js';
import { jsonResponse } from '../../openapi.js';
import { defineRoute } from '../../route.js';
import { AlertSchema } from './schemas.js';

const route = defineRoute('integrations:read', {
  method: 'get',
  path: '/api/v1/integrations/alerts/active',
  operationId: 'listActiveIntegrationAlerts',
  tags: ['Integrations'],
  summary: 'The organization’s open integration alerts, newest first',
  problems: [],
  responses: { 200: jsonResponse(z.object({ items: z.array(AlertSchema) }), 'The open alerts') },
});

export function registerListActiveAlertsRoute(app: App) {
  app.openapi(route, async (c) => c.json(await listActiveAlerts(serviceContext(c)), 200));
}
