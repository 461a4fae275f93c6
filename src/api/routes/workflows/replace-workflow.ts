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

const ReplaceBody = z
  .strictObject({
    name: WorkflowName,
    description: WorkflowDescription.default(''),
    tags: WorkflowTags.default([]),
    definition: DefinitionInput,
    draft_revision: RevisionField,
  })
  .openapi('ReplaceWorkflowRequest');

const route = defineRoute('workflows:write', {
  method: 'put',
  path: '/api/v1/workflows/{id}',
  operationId: 'replaceWorkflow',
  tags: ['Workflows'],
  summary: 'Replace the draft (name, description, tags, definition)',
  description:
    'Edits the draft only: published versions and running executions are untouched. Omitted description and tags are cleared. With If-Match or `draft_revision`, a draft changed since answers 409 `revision_conflict`. Archived workflows answer 409.',
  'x-resource': 'workflow',
  request: {
    params: draftEditContract.params,
    headers: draftEditContract.headers,
    body: jsonBody(ReplaceBody),
  },
  problems: draftEditContract.problems,
  responses: draftEditContract.responses,
});

export function registerReplaceWorkflowRoute(app: App) {
  app.openapi(route, async (c) => {
    const workflow = await editDraft(c, {
      id: c.req.valid('param').id,
      ifMatch: c.req.valid('header')['if-match'],
      body: c.req.valid('json'),
    });
    return c.json(workflow, 200);
  });
}
