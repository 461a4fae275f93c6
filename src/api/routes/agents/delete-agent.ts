import { deleteAgent } from '../../../services/agents/delete-agent.js';
import type { App } from '../../env.js';
import { serviceContext } from '../../middleware/auth/index.js';
import { errorResponses } from '../../openapi.js';
import { defineRoute } from '../../route.js';
import { AgentIdParam } from './schemas.js';

const route = defineRoute('agents:write', {
  method: 'delete',
  path: '/api/v1/agents/{id}',
  operationId: 'deleteAgent',
  tags: ['Agents'],
  summary: 'Delete an agent',
  description:
    'Soft delete: the agent disappears from every read (404) and its token stops working at once. Tasks it held return to the queue when their heartbeat timeout passes.',
  'x-resource': 'agent',
  request: { params: AgentIdParam },
  problems: ['not_found'],
  responses: { 204: { description: 'Deleted' }, ...errorResponses(404) },
});

export function registerDeleteAgentRoute(app: App) {
  app.openapi(route, async (c) => {
    await deleteAgent(serviceContext(c), c.req.valid('param').id);
    return c.body(null, 204);
  });
}
