import type { Context } from 'hono';
import { updateWorkflow, type WorkflowChanges } from '../../../services/workflows/update-workflow.js';
import type { AppEnv } from '../../env.js';
import { serviceContext } from '../../middleware/auth/index.js';
import { errorResponses, idParam, jsonResponse } from '../../openapi.js';
import { etagOf, expectedRevision } from './revision.js';
import { IfMatchHeaders, WORKFLOW_ID_EXAMPLE, WorkflowSchema } from './schemas.js';

/** The parts of the PUT and PATCH contracts that are the same: the path's id, If-Match, the answers. */
export const draftEditContract = {
  params: idParam('id', WORKFLOW_ID_EXAMPLE),
  headers: IfMatchHeaders,
  problems: ['invalid_definition', 'not_found', 'revision_conflict', 'workflow_archived'] as const,
  responses: {
    200: jsonResponse(WorkflowSchema, 'The updated draft'),
    ...errorResponses(400, 404, 409, 413, 415),
  },
};

/**
 * What PUT and PATCH of a workflow share once their bodies are validated: the draft revision the
 * client last saw (If-Match or `draft_revision`), one update, and the new ETag. They differ only in
 * their body schema: PUT's fills omitted fields with their defaults (a replace), PATCH's leaves them
 * out (a merge).
 */
export async function editDraft(
  c: Context<AppEnv>,
  request: {
    id: string;
    ifMatch: string | undefined;
    body: Omit<WorkflowChanges, 'expectedRevision'> & { draft_revision?: number };
  },
) {
  const { draft_revision, ...fields } = request.body;
  const workflow = await updateWorkflow(serviceContext(c), request.id, {
    ...fields,
    expectedRevision: expectedRevision(request.ifMatch, draft_revision),
  });
  c.header('ETag', etagOf(workflow.draft_revision));
  return workflow;
}
