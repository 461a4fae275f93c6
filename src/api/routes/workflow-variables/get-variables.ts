import { getWorkflowVariables } from '../../../services/workflows/workflow-variables.js';
import type { App } from '../../env.js';
import { serviceContext } from '../../middleware/auth/index.js';
import { errorResponses, jsonResponse } from '../../openapi.js';
import { defineRoute } from '../../route.js';
import { VariablesSchema, WorkflowIdParam } from './schemas.js';

const route = defineRoute('workflows:read', {
  method: 'get',
  path: '/api/v1/workflow-variables/{id}/variables',
  operationId: 'getWorkflowVariables',
  tags: ['Workflow Variables'],
  summary: "The draft's variables and their trigger mappings",
  'x-resource': 'workflow',
  request: { params: WorkflowIdParam },
  problems: ['not_found'],
  responses: { 200: jsonResponse(VariablesSchema, 'Variables and mappings'), ...errorResponses(404) },
});

export function registerGetVariablesRoute(app: App) {
  app.openapi(route, async (c) =>
    c.json(await getWorkflowVariables(serviceContext(c), c.req.valid('param').id), 200),
  );
}
