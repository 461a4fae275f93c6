import { z } from '@hono/zod-openapi';
import { AGENT_KINDS } from '../../../db/schema/index.js';
import { listAgents } from '../../../services/agents/list-agents.js';
import type { App } from '../../env.js';
import { serviceContext } from '../../middleware/auth/index.js';
import { errorResponses, jsonResponse } from '../../openapi.js';
import { defineRoute } from '../../route.js';
import { PaginationQuery, paginated, toPageQuery } from '../../schemas/pagination.js';
import { AgentSchema } from './schemas.js';

const Query = PaginationQuery.extend({
  status: z.enum(['online', 'offline']).optional(),
  label: z.string().min(1).max(100).optional().openapi({ description: 'Only agents carrying this label' }),
  kind: z.enum(AGENT_KINDS).optional(),
});

const route = defineRoute('agents:read', {
  method: 'get',
  path: '/api/v1/agents',
  operationId: 'listAgents',
  tags: ['Agents'],
  summary: 'List agents, newest first',
  request: { query: Query },
  problems: [],
  responses: { 200: jsonResponse(paginated(AgentSchema), 'A page of agents'), ...errorResponses(400) },
});

export function registerListAgentsRoute(app: App) {
  app.openapi(route, async (c) => {
    const query = c.req.valid('query');
    const page = await listAgents(serviceContext(c), {
      ...toPageQuery(query),
      status: query.status,
      label: query.label,
      kind: query.kind,
    });
    return c.json(page, 200);
  });
}
