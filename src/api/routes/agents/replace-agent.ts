import { updateAgent } from '../../../services/agents/update-agent.js';
import type { App } from '../../env.js';
import { serviceContext } from '../../middleware/auth/index.js';
import { errorResponses, jsonBody, jsonResponse } from '../../openapi.js';
import { defineRoute } from '../../route.js';
import { AgentFieldsSchema, AgentIdParam, AgentSchema } from './schemas.js';

const Body = AgentFieldsSchema.strict().openapi('ReplaceAgentRequest');

const route = defineRoute('agents:write', {
  method: 'put',
  path: '/api/v1/agents/{id}',
  operationId: 'replaceAgent',
  tags: ['Agents'],
  summary: 'Update an agent',
  description:
    'Sets name, description, labels, capabilities and max_concurrency; those left out (besides the required name) go back to their defaults. Labels apply from the next claim.',
  'x-resource': 'agent',
  request: { params: AgentIdParam, body: jsonBody(Body) },
  problems: ['not_found', 'not_supported_yet'],
  responses: { 200: jsonResponse(AgentSchema, 'The updated agent'), ...errorResponses(400, 404, 413, 415) },
});

export function registerReplaceAgentRoute(app: App) {
  app.openapi(route, async (c) => {
    const body = c.req.valid('json');
    const agent = await updateAgent(serviceContext(c), c.req.valid('param').id, {
      name: body.name,
      description: body.description ?? '',
      labels: body.labels ?? [],
      capabilities: body.capabilities ?? [],
      max_concurrency: body.max_concurrency ?? 1,
    });
    return c.json(agent, 200);
  });
}
