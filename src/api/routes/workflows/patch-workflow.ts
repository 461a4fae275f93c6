import { z } from '@hono/zod-openapi';
import type { App } from '../../env.js';
import { errorResponses, idParam, jsonBody, jsonResponse } from '../../openapi.js';
import { defineRoute } from '../../route.js';
import { editDraft } from './edit-draft.js';
import {
  DefinitionInput,
  IfMatchHeaders,
  RevisionField,
  WORKFLOW_ID_EXAMPLE,
  WorkflowDescription,
  WorkflowName,
  WorkflowSchema,
  WorkflowTags,
} from './schemas.js';

const PatchBody = z
  .strictObject({
    name: WorkflowName.optional(),
    description: WorkflowDescription.optional(),
    tags: WorkflowTags.optional(),
    definition: DefinitionInput.optional(),
    draft_revision: RevisionField,
  })
  .openapi('PatchWorkflowRequest');

const route = defineRoute('workflows:write', {
  method: 'patch',
  path: '/api/v1/workflows/{id}',
  operationId: 'patchWorkflow',
  tags: ['Workflows'],
  summary: 'Change some fields of the draft',
  description:
    'Like PUT, but only the fields sent change. A body that changes nothing returns the workflow without a new revision.',
  'x-resource': 'workflow',
  request: {
    params: idParam('id', WORKFLOW_ID_EXAMPLE),
    headers: IfMatchHeaders,
    body: jsonBody(PatchBody),
  },
  problems: ['invalid_definition', 'not_found', 'revision_conflict', 'workflow_archived'],
  responses: {
    200: jsonResponse(WorkflowSchema, 'The updated draft'),
    ...errorResponses(400, 404, 409, 413, 415),
  },
});

export function registerPatchWorkflowRoute(app: App) {
  app.openapi(route, async (c) => {
    const workflow = await editDraft(c, {
      id: c.req.valid('param').id,
      ifMatch: c.req.valid('header')['if-match'],
      body: c.req.valid('json'),
    });
    return c.json(workflow, 200);
  });
}
