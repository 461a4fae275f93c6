import { z } from '@hono/zod-openapi';
import { AGENT_KINDS } from '../../../db/schema/index.js';
import { registerAgent } from '../../../services/agents/register-agent.js';
import type { App } from '../../env.js';
import { serviceContext } from '../../middleware/auth/index.js';
import { errorResponses, jsonBody, jsonResponse } from '../../openapi.js';
import { defineRoute } from '../../route.js';
import { AgentFieldsSchema, AgentWithTokenSchema } from './schemas.js';

const Body = AgentFieldsSchema.extend({
  kind: z
    .enum(AGENT_KINDS)
    .openapi({ description: '`robot`; `ai` is answered 400 not_supported_yet for now' }),
})
  .strict()
  .openapi('RegisterAgentRequest');

const route = defineRoute('agents:write', {
  method: 'post',
  path: '/api/v1/agents',
  operationId: 'registerAgent',
  tags: ['Agents'],
  summary: 'Register a robot and get its token',
  description:
    'The token (`rbt_…`) is in this answer only; the server keeps its SHA-256. Give it to the robot (`npm run robot -- --token …`).',
  request: { body: jsonBody(Body) },
  problems: ['not_supported_yet'],
  responses: {
    201: jsonResponse(AgentWithTokenSchema, 'The robot, with its token'),
    ...errorResponses(400, 413, 415),
  },
});

export function registerRegisterAgentRoute(app: App) {
  app.openapi(route, async (c) => c.json(await registerAgent(serviceContext(c), c.req.valid('json')), 201));
}
