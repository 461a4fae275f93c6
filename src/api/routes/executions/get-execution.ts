import { getExecution } from '../../../services/executions/get-execution.js';
import type { App } from '../../env.js';
import { serviceContext } from '../../middleware/auth/index.js';
import { errorResponses, jsonResponse } from '../../openapi.js';
import { defineRoute } from '../../route.js';
import { ExecutionDetailSchema, ExecutionIdParam } from './schemas.js';

const route = defineRoute('executions:read', {
  method: 'get',
  path: '/api/v1/executions/{id}',
  operationId: 'getExecution',
  tags: ['Executions'],
  summary: 'An execution with its steps',
  description:
    'A run that Temporal reports closed (terminated or timed out outside Conveyor) is brought up to date before answering.',
  'x-resource': 'execution',
  request: { params: ExecutionIdParam },
  problems: ['not_found'],
  responses: { 200: jsonResponse(ExecutionDetailSchema, 'The execution'), ...errorResponses(404) },
});

export function registerGetExecutionRoute(app: App) {
  app.openapi(route, async (c) =>
    c.json(await getExecution(serviceContext(c), c.req.valid('param').id), 200),
  );
}
