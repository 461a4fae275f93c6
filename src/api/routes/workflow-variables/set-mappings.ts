import { z } from '@hono/zod-openapi';
import { setVariableMappings } from '../../../services/workflows/set-variable-mappings.js';
import type { App } from '../../env.js';
import { serviceContext } from '../../middleware/auth/index.js';
import { errorResponses, jsonBody, jsonResponse } from '../../openapi.js';
import { defineRoute } from '../../route.js';
import { VariablesSchema, WorkflowIdParam } from './schemas.js';

const Body = z
  .strictObject({
    mappings: z.record(z.string(), z.string().min(1).max(10_000)).openapi({
      description: 'variable name → JSONata expression over the trigger payload',
      example: { customer: 'payload.customer.id', amount: 'payload.total / 100' },
    }),
  })
  .openapi('SetVariableMappingsRequest');

const route = defineRoute('workflows:write', {
  method: 'put',
  path: '/api/v1/workflow-variables/{id}/variables/mappings',
  operationId: 'setWorkflowVariableMappings',
  tags: ['Workflow Variables'],
  summary: 'Replace how trigger payloads map into variables',
  description:
    'Each name must be a variable of the draft and each expression valid JSONata; a 400 lists every problem. Mappings are not versioned: triggers use the current ones.',
  'x-resource': 'workflow',
  request: { params: WorkflowIdParam, body: jsonBody(Body) },
  problems: ['not_found', 'workflow_archived'],
  responses: {
    200: jsonResponse(VariablesSchema, 'Variables and the new mappings'),
    ...errorResponses(400, 404, 409, 413, 415),
  },
});

export function registerSetMappingsRoute(app: App) {
  app.openapi(route, async (c) =>
    c.json(
      await setVariableMappings(serviceContext(c), c.req.valid('param').id, c.req.valid('json').mappings),
      200,
    ),
  );
}
