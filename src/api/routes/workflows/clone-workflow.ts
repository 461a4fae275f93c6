import { z } from '@hono/zod-openapi';
import { cloneWorkflow } from '../../../services/workflows/clone-workflow.js';
import type { App } from '../../env.js';
import { serviceContext } from '../../middleware/auth/index.js';
import { errorResponses, idParam, jsonResponse } from '../../openapi.js';
import { defineRoute } from '../../route.js';
import { WORKFLOW_ID_EXAMPLE, WorkflowName, WorkflowSchema } from './schemas.js';

const CloneBody = z
  .strictObject({ name: WorkflowName.optional().openapi({ description: 'Default: "<name> (copy)"' }) })
  .openapi('CloneWorkflowRequest');

const route = defineRoute('workflows:write', {
  method: 'post',
  path: '/api/v1/workflows/{id}/clone',
  operationId: 'cloneWorkflow',
  tags: ['Workflows'],
  summary: 'Copy a workflow into a new draft',
  description: "The copy holds the source's current draft, tags and variable mappings; it has no versions.",
  'x-resource': 'workflow',
  request: {
    params: idParam('id', WORKFLOW_ID_EXAMPLE),
    body: { required: false, content: { 'application/json': { schema: CloneBody } } },
  },
  problems: ['not_found'],
  responses: {
    201: jsonResponse(WorkflowSchema, 'The new draft'),
    ...errorResponses(400, 404, 415),
  },
});

export function registerCloneWorkflowRoute(app: App) {
  app.openapi(route, async (c) => {
    const body = c.req.valid('json') as z.infer<typeof CloneBody> | undefined;
    const workflow = await cloneWorkflow(serviceContext(c), c.req.valid('param').id, { name: body?.name });
    c.header('Location', `/api/v1/workflows/${workflow.id}`);
    return c.json(workflow, 201);
  });
}
