import { archiveWorkflow } from '../../../services/workflows/archive-workflow.js';
import type { App } from '../../env.js';
import { serviceContext } from '../../middleware/auth/index.js';
import { errorResponses, idParam, jsonResponse } from '../../openapi.js';
import { defineRoute } from '../../route.js';
import { WORKFLOW_ID_EXAMPLE, WorkflowDetailSchema } from './schemas.js';

const route = defineRoute('workflows:publish', {
  method: 'post',
  path: '/api/v1/workflows/{id}/archive',
  operationId: 'archiveWorkflow',
  tags: ['Workflows'],
  summary: 'Archive a workflow',
  description:
    'Archived workflows cannot be executed (409) or edited (409); runs in progress finish. Publish to restore.',
  'x-resource': 'workflow',
  request: { params: idParam('id', WORKFLOW_ID_EXAMPLE) },
  problems: ['not_found'],
  responses: { 200: jsonResponse(WorkflowDetailSchema, 'The archived workflow'), ...errorResponses(404) },
});

export function registerArchiveWorkflowRoute(app: App) {
  app.openapi(route, async (c) =>
    c.json(await archiveWorkflow(serviceContext(c), c.req.valid('param').id), 200),
  );
}
