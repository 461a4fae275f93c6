import { deleteWorkflow } from '../../../services/workflows/delete-workflow.js';
import type { App } from '../../env.js';
import { serviceContext } from '../../middleware/auth/index.js';
import { errorResponses, idParam } from '../../openapi.js';
import { defineRoute } from '../../route.js';
import { WORKFLOW_ID_EXAMPLE } from './schemas.js';

const route = defineRoute('workflows:write', {
  method: 'delete',
  path: '/api/v1/workflows/{id}',
  operationId: 'deleteWorkflow',
  tags: ['Workflows'],
  summary: 'Delete a workflow',
  description:
    'Soft delete: the workflow disappears from every read (404), its executions and audit trail stay. Runs in progress finish.',
  'x-resource': 'workflow',
  request: { params: idParam('id', WORKFLOW_ID_EXAMPLE) },
  problems: ['not_found'],
  responses: { 204: { description: 'Deleted' }, ...errorResponses(404) },
});

export function registerDeleteWorkflowRoute(app: App) {
  app.openapi(route, async (c) => {
    await deleteWorkflow(serviceContext(c), c.req.valid('param').id);
    return c.body(null, 204);
  });
}
