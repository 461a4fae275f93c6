import { z } from '@hono/zod-openapi';
import { getTriggerManagerStatus } from '../../../services/triggers/manager-status.js';
import type { App } from '../../env.js';
import { serviceContext } from '../../middleware/auth/index.js';
import { jsonResponse } from '../../openapi.js';
import { defineRoute } from '../../route.js';

const Counts = z.object({ enabled: z.number().int(), disabled: z.number().int(), total: z.number().int() });

const StatusSchema = z
  .object({
    totals: Counts.extend({
      fire_count: z.number().int().openapi({ description: 'Runs started by all triggers together' }),
    }),
    by_type: z.object({ webhook: Counts, schedule: Counts, event: Counts, manual: Counts }),
    last_fired: z.object({ trigger_id: z.string(), at: z.string() }).nullable(),
    last_error: z
      .object({ trigger_id: z.string(), code: z.string(), message: z.string(), at: z.string() })
      .nullable(),
  })
  .openapi('TriggerManagerStatus');

const route = defineRoute('triggers:read', {
  method: 'get',
  path: '/api/v1/triggers/manager/status',
  operationId: 'getTriggerManagerStatus',
  tags: ['Triggers'],
  summary: "The organization's triggers at a glance",
  description: 'Counts by type and state, the last firing and the last error of any trigger.',
  problems: [],
  responses: { 200: jsonResponse(StatusSchema, 'Status') },
});

export function registerManagerStatusRoute(app: App) {
  app.openapi(route, async (c) => c.json(await getTriggerManagerStatus(serviceContext(c)), 200));
}
