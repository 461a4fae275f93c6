import { z } from '@hono/zod-openapi';
import { TRIGGER_TYPES } from '../../../db/schema/index.js';
import { listTriggers } from '../../../services/triggers/list-triggers.js';
import type { App } from '../../env.js';
import { serviceContext } from '../../middleware/auth/index.js';
import { errorResponses, jsonResponse } from '../../openapi.js';
import { defineRoute } from '../../route.js';
import { PaginationQuery, paginated, toPageQuery } from '../../schemas/pagination.js';
import { TriggerSchema } from './schemas.js';

const Query = PaginationQuery.extend({
  type: z.enum(TRIGGER_TYPES).optional(),
  enabled: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional()
    .openapi({ type: 'boolean' }),
  workflow_id: z
    .string()
    .min(1)
    .max(200)
    .optional()
    .openapi({ description: 'Only triggers of this workflow' }),
});

const route = defineRoute('triggers:read', {
  method: 'get',
  path: '/api/v1/triggers',
  operationId: 'listTriggers',
  tags: ['Triggers'],
  summary: 'List triggers, newest first',
  request: { query: Query },
  problems: [],
  responses: { 200: jsonResponse(paginated(TriggerSchema), 'A page of triggers'), ...errorResponses(400) },
});

export function registerListTriggersRoute(app: App) {
  app.openapi(route, async (c) => {
    const query = c.req.valid('query');
    const page = await listTriggers(serviceContext(c), {
      ...toPageQuery(query),
      type: query.type,
      enabled: query.enabled,
      workflowId: query.workflow_id,
    });
    return c.json(page, 200);
  });
}
