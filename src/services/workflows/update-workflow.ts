import { eq } from 'drizzle-orm';
import { workflows } from '../../db/schema/index.js';
import { inOrg } from '../../db/tenant.js';
import { ApiError } from '../../lib/errors.js';
import { recordAudit } from '../audit/record-audit.js';
import { requirePermission, type ServiceContext } from '../context.js';
import { uniqueTags } from './create-workflow.js';
import { asJson, requireValidDefinition } from './definition-errors.js';
import { assertEditable, findWorkflow } from './find-workflow.js';
import { sameJson } from './same-json.js';
import { toWorkflowResource, type WorkflowResource } from './workflow-resource.js';

export interface WorkflowChanges {
  name?: string;
  description?: string;
  tags?: string[];
  definition?: unknown;
  /** The draft_revision the caller last saw; a newer one on the server is a conflict. */
  expectedRevision?: number;
}

/**
 * Edits the draft only: published versions are immutable snapshots, and running executions carry
 * their own copy of the definition, so neither ever changes here. Every real change bumps
 * `draft_revision`; a request that changes nothing returns the workflow as it is.
 */
export async function updateWorkflow(
  ctx: ServiceContext,
  id: string,
  changes: WorkflowChanges,
): Promise<WorkflowResource> {
  requirePermission(ctx, 'workflows:write');
  const definition =
    changes.definition === undefined ? undefined : await requireValidDefinition(changes.definition);
  const row = await ctx.db.transaction(async (tx) => {
    const current = await findWorkflow(tx, ctx.orgId, id, { forUpdate: true });
    assertEditable(current);
    assertRevision(current.draftRevision, changes.expectedRevision);
    const next = {
      name: changes.name ?? current.name,
      description: changes.description ?? current.description,
      tags: changes.tags ? uniqueTags(changes.tags) : current.tags,
      definition: definition ? asJson(definition) : current.definition,
    };
    const fields = (Object.keys(next) as (keyof typeof next)[]).filter(
      (field) => !sameJson(next[field], current[field]),
    );
    if (fields.length === 0) return current;
    const [updated] = await tx
      .update(workflows)
      .set({ ...next, draftRevision: current.draftRevision + 1, updatedAt: new Date() })
      .where(inOrg(workflows, ctx.orgId, eq(workflows.id, current.id)))
      .returning();
    await recordAudit(tx, ctx, {
      action: 'workflow.update',
      resourceType: 'workflow',
      resourceId: id,
      details: { fields, draft_revision: current.draftRevision + 1 },
    });
    return updated ?? current;
  });
  return toWorkflowResource(row);
}

export function assertRevision(current: number, expected: number | undefined): void {
  if (expected !== undefined && expected !== current) {
    throw new ApiError(
      'revision_conflict',
      `The draft is at revision ${current}, not ${expected}: reload it and apply your change again`,
      { details: { current_revision: current } },
    );
  }
}
