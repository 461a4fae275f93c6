import { z } from '@hono/zod-openapi';
import { replaceWorkflowVariables } from '../../../services/workflows/replace-workflow-variables.js';
import type { App } from '../../env.js';
import { serviceContext } from '../../middleware/auth/index.js';
import { errorResponses, jsonBody, jsonResponse } from '../../openapi.js';
import { defineRoute } from '../../route.js';
import { VariablesSchema, WorkflowIdParam } from './schemas.js';

const Body = z
  .strictObject({
    variables: z.record(z.string(), z.unknown()).openapi({
      description: 'Every variable of the draft, by name (replaces the current set)',
      example: { customer: { type: 'string' }, amount: { type: 'number', default: 10, minimum: 0 } },
    }),
    draft_revision: z.number().int().min(1).optional(),
  })
  .openapi('ReplaceWorkflowVariablesRequest');

const route = defineRoute('workflows:write', {
  method: 'put',
  path: '/api/v1/workflow-variables/{id}/variables',
  operationId: 'replaceWorkflowVariables',
  tags: ['Workflow Variables'],
  summary: "Replace the draft's variables",
  description:
    'Each spec is validated and the whole definition checked again (400 `invalid_definition` lists every problem). Bumps draft_revision. Mappings of removed variables are dropped. Publish to make the change runnable.',
  'x-resource': 'workflow',
  request: { params: WorkflowIdParam, body: jsonBody(Body) },
  problems: ['invalid_definition', 'not_found', 'revision_conflict', 'workflow_archived'],
  responses: {
    200: jsonResponse(VariablesSchema, 'The new variables'),
    ...errorResponses(400, 404, 409, 413, 415),
  },
});

export function registerReplaceVariablesRoute(app: App) {
  app.openapi(route, async (c) => {
    const body = c.req.valid('json');
    const result = await replaceWorkflowVariables(serviceContext(c), c.req.valid('param').id, {
      variables: body.variables,
      expectedRevision: body.draft_revision,
    });
    return c.json(result, 200);
  });
}
