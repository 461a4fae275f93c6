import { getExecution } from '../../../services/executions/get-execution.js';
import type { App } from '../../env.js';
import { serviceContext } from '../../middleware/auth/index.js';
import { errorResponses, idParam, jsonResponse } from '../../openapi.js';
import { defineRoute } from '../../route.js';
import { EXECUTION_ID_EXAMPLE, ExecutionDetailSchema } from './schemas.js';

/** The agents reference's path for the same read as GET /executions/{id}. */
const route = defineRoute('executions:read', {
  method: 'get',
  path: '/api/v1/workflows/executions/{executionId}',
  operationId: 'getWorkflowExecution',
  tags: ['Workflows'],
  summary: 'An execution with its steps (alias of GET /executions/{id})',
  'x-resource': 'execution',
  request: { params: idParam('executionId', EXECUTION_ID_EXAMPLE) },
  problems: ['not_found'],
  responses: { 200: jsonResponse(ExecutionDetailSchema, 'The execution'), ...errorResponses(404) },
});

export function registerGetWorkflowExecutionRoute(app: App) {
  app.openapi(route, async (c) =>
    c.json(await getExecution(serviceContext(c), c.req.valid('param').executionId), 200),
  );
}
