import { updateAgent } from '../../../services/agents/update-agent.js';
import type { App } from '../../env.js';
import { serviceContext } from '../../middleware/auth/index.js';
import { errorResponses, jsonBody, jsonResponse } from '../../openapi.js';
import { defineRoute } from '../../route.js';
import { AgentFieldsSchema, AgentIdParam, AgentSchema } from './schemas.js';

const Body = AgentFieldsSchema.partial().strict().openapi('PatchAgentRequest');

const route = defineRoute('agents:write', {
  method: 'patch',
  path: '/api/v1/agents/{id}',
  operationId: 'patchAgent',
  tags: ['Agents'],
  summary: 'Change some fields of an agent',
  description: 'Fields left out keep their value. Labels apply from the next claim.',
  'x-resource': 'agent',
  request: { params: AgentIdParam, body: jsonBody(Body) },
  problems: ['not_found', 'not_supported_yet'],
  responses: { 200: jsonResponse(AgentSchema, 'The updated agent'), ...errorResponses(400, 404, 413, 415) },
});

export function registerPatchAgentRoute(app: App) {
  app.openapi(route, async (c) =>
    c.json(await updateAgent(serviceContext(c), c.req.valid('param').id, c.req.valid('json')), 200),
  );
}
