import { getAgent } from '../../../services/agents/get-agent.js';
import type { App } from '../../env.js';
import { serviceContext } from '../../middleware/auth/index.js';
import { errorResponses, jsonResponse } from '../../openapi.js';
import { defineRoute } from '../../route.js';
import { AgentIdParam, AgentSchema } from './schemas.js';

const route = defineRoute('agents:read', {
  method: 'get',
  path: '/api/v1/agents/{id}',
  operationId: 'getAgent',
  tags: ['Agents'],
  summary: 'An agent',
  'x-resource': 'agent',
  request: { params: AgentIdParam },
  problems: ['not_found'],
  responses: { 200: jsonResponse(AgentSchema, 'The agent'), ...errorResponses(404) },
});

export function registerGetAgentRoute(app: App) {
  app.openapi(route, async (c) => c.json(await getAgent(serviceContext(c), c.req.valid('param').id), 200));
}
