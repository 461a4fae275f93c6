import { getWorkflow } from '../../../services/workflows/get-workflow.js';
import type { App } from '../../env.js';
import { serviceContext } from '../../middleware/auth/index.js';
import { errorResponses, idParam, jsonResponse } from '../../openapi.js';
import { defineRoute } from '../../route.js';
import { etagOf } from './revision.js';
import { WORKFLOW_ID_EXAMPLE, WorkflowDetailSchema } from './schemas.js';

const route = defineRoute('workflows:read', {
  method: 'get',
  path: '/api/v1/workflows/{id}',
  operationId: 'getWorkflow',
  tags: ['Workflows'],
  summary: 'A workflow, its draft and its published versions',
  description: 'The ETag header carries the draft revision, for If-Match on the next edit.',
  'x-resource': 'workflow',
  request: { params: idParam('id', WORKFLOW_ID_EXAMPLE) },
  problems: ['not_found'],
  responses: { 200: jsonResponse(WorkflowDetailSchema, 'The workflow'), ...errorResponses(404) },
});

export function registerGetWorkflowRoute(app: App) {
  app.openapi(route, async (c) => {
    const workflow = await getWorkflow(serviceContext(c), c.req.valid('param').id);
    c.header('ETag', etagOf(workflow.draft_revision));
    return c.json(workflow, 200);
  });
}
