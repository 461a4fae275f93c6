import { z } from '@hono/zod-openapi';
import { createWorkflow } from '../../../services/workflows/create-workflow.js';
import type { App } from '../../env.js';
import { serviceContext } from '../../middleware/auth/index.js';
import { errorResponses, jsonBody, jsonResponse } from '../../openapi.js';
import { defineRoute } from '../../route.js';
import {
  DefinitionInput,
  WorkflowDescription,
  WorkflowName,
  WorkflowSchema,
  WorkflowTags,
} from './schemas.js';

const CreateBody = z
  .strictObject({
    name: WorkflowName,
    description: WorkflowDescription.optional(),
    tags: WorkflowTags.optional(),
    definition: DefinitionInput,
  })
  .openapi('CreateWorkflowRequest');

const route = defineRoute('workflows:write', {
  method: 'post',
  path: '/api/v1/workflows',
  operationId: 'createWorkflow',
  tags: ['Workflows'],
  summary: 'Create a draft workflow',
  description:
    'The definition is validated in full: a 400 `invalid_definition` lists every problem with its path. Drafts do not run until published.',
  request: { body: jsonBody(CreateBody) },
  problems: ['invalid_definition'],
  responses: {
    201: jsonResponse(WorkflowSchema, 'The new draft'),
    ...errorResponses(400, 413, 415),
  },
});

export function registerCreateWorkflowRoute(app: App) {
  app.openapi(route, async (c) => {
    const workflow = await createWorkflow(serviceContext(c), c.req.valid('json'));
    c.header('Location', `/api/v1/workflows/${workflow.id}`);
    return c.json(workflow, 201);
  });
}
