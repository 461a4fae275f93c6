import { publishWorkflow } from '../../../services/workflows/publish-workflow.js';
import type { App } from '../../env.js';
import { serviceContext } from '../../middleware/auth/index.js';
import { errorResponses, idParam, jsonResponse } from '../../openapi.js';
import { defineRoute } from '../../route.js';
import { WORKFLOW_ID_EXAMPLE, WorkflowDetailSchema } from './schemas.js';

const route = defineRoute('workflows:publish', {
  method: 'post',
  path: '/api/v1/workflows/{id}/publish',
  operationId: 'publishWorkflow',
  tags: ['Workflows'],
  summary: 'Publish the draft as the next version',
  description:
    'Validates the draft and freezes it as version N+1, which new executions run; runs already going keep their version. If the draft equals the newest version, no new version is made and that version is answered (publishing is safe to repeat). Publishing an archived workflow restores it.',
  'x-resource': 'workflow',
  request: { params: idParam('id', WORKFLOW_ID_EXAMPLE) },
  problems: ['invalid_definition', 'not_found'],
  responses: {
    200: jsonResponse(WorkflowDetailSchema, 'The workflow, with published_version set'),
    ...errorResponses(400, 404),
  },
});

export function registerPublishWorkflowRoute(app: App) {
  app.openapi(route, async (c) =>
    c.json(await publishWorkflow(serviceContext(c), c.req.valid('param').id), 200),
  );
}
