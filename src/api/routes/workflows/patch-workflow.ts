import { z } from '@hono/zod-openapi';
import type { App } from '../../env.js';
import { jsonBody } from '../../openapi.js';
import { defineRoute } from '../../route.js';
import { draftEditContract, editDraft } from './edit-draft.js';
import {
  DefinitionInput,
  RevisionField,
  WorkflowDescription,
  WorkflowName,
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
    params: draftEditContract.params,
    headers: draftEditContract.headers,
    body: jsonBody(PatchBody),
  },
  problems: draftEditContract.problems,
  responses: draftEditContract.responses,
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
