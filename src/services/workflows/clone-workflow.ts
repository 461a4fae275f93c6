import { workflows } from '../../db/schema/index.js';
import { newId } from '../../lib/ids.js';
import { recordAudit } from '../audit/record-audit.js';
import { requirePermission, type ServiceContext } from '../context.js';
import { findWorkflow } from './find-workflow.js';
import { toWorkflowResource, type WorkflowResource } from './workflow-resource.js';

const NAME_LIMIT = 200;

/**
 * A new draft holding the source's current draft (not its published version), tags and variable
 * mappings. The copy has no versions and no executions of its own.
 */
export async function cloneWorkflow(
  ctx: ServiceContext,
  id: string,
  options: { name?: string } = {},
): Promise<WorkflowResource> {
  requirePermission(ctx, 'workflows:write');
  const source = await findWorkflow(ctx.db, ctx.orgId, id);
  const name = options.name ?? `${source.name.slice(0, NAME_LIMIT - ' (copy)'.length)} (copy)`;
  const cloneId = newId('wf');
  const row = await ctx.db.transaction(async (tx) => {
    const [inserted] = await tx
      .insert(workflows)
      .values({
        id: cloneId,
        orgId: ctx.orgId,
        name,
        description: source.description,
        status: 'draft',
        definition: source.definition,
        tags: source.tags,
        variableMappings: source.variableMappings,
        createdBy: ctx.actor.id,
      })
      .returning();
    await recordAudit(tx, ctx, {
      action: 'workflow.clone',
      resourceType: 'workflow',
      resourceId: cloneId,
      details: { name, source_workflow_id: source.id, source_draft_revision: source.draftRevision },
    });
    return inserted;
  });
  if (!row) throw new Error('insert returned no row');
  return toWorkflowResource(row);
}
