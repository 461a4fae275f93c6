import { rotateAgentToken } from '../../../services/agents/rotate-agent-token.js';
import type { App } from '../../env.js';
import { serviceContext } from '../../middleware/auth/index.js';
import { errorResponses, jsonResponse } from '../../openapi.js';
import { defineRoute } from '../../route.js';
import { AgentIdParam, AgentWithTokenSchema } from './schemas.js';

const route = defineRoute('agents:write', {
  method: 'post',
  path: '/api/v1/agents/{id}/rotate-token',
  operationId: 'rotateAgentToken',
  tags: ['Agents'],
  summary: "Replace a robot's token",
  description: 'The new token is in this answer only. The old one is refused (401) from this moment on.',
  'x-resource': 'agent',
  request: { params: AgentIdParam },
  problems: ['not_a_robot', 'not_found'],
  responses: {
    200: jsonResponse(AgentWithTokenSchema, 'The robot, with its new token'),
    ...errorResponses(404, 409),
  },
});

export function registerRotateAgentTokenRoute(app: App) {
  app.openapi(route, async (c) =>
    c.json(await rotateAgentToken(serviceContext(c), c.req.valid('param').id), 200),
  );
}
