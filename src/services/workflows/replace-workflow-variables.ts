import { eq } from 'drizzle-orm';
import { workflows } from '../../db/schema/index.js';
import { inOrg } from '../../db/tenant.js';
import type { WorkflowDefinition } from '../../workflows/definition/types.js';
import { recordAudit } from '../audit/record-audit.js';
import { requirePermission, type ServiceContext } from '../context.js';
import { asJson, requireValidDefinition } from './definition-errors.js';
import { assertEditable, findWorkflow } from './find-workflow.js';
import { assertRevision } from './update-workflow.js';
import { toVariablesResource, type VariablesResource } from './workflow-variables.js';

/**
 * Replaces the draft's variables. The whole definition is validated again (defaults are checked
 * against their specs there). Mappings of variables that no longer exist are dropped, since a
 * trigger could not fill them anyway; the audit row names them.
 */
export async function replaceWorkflowVariables(
  ctx: ServiceContext,
  id: string,
  request: { variables: Record<string, unknown>; expectedRevision?: number },
): Promise<VariablesResource> {
  requirePermission(ctx, 'workflows:write');
  const row = await ctx.db.transaction(async (tx) => {
    const current = await findWorkflow(tx, ctx.orgId, id, { forUpdate: true });
    assertEditable(current);
    assertRevision(current.draftRevision, request.expectedRevision);
    const draft = current.definition as unknown as WorkflowDefinition;
    const definition = await requireValidDefinition({ ...draft, variables: request.variables });
    const names = new Set(Object.keys(definition.variables ?? {}));
    const mappings = Object.fromEntries(
      Object.entries(current.variableMappings).filter(([name]) => names.has(name)),
    );
    const dropped = Object.keys(current.variableMappings).filter((name) => !names.has(name));
    const [updated] = await tx
      .update(workflows)
      .set({
        definition: asJson(definition),
        variableMappings: mappings,
        draftRevision: current.draftRevision + 1,
        updatedAt: new Date(),
      })
      .where(inOrg(workflows, ctx.orgId, eq(workflows.id, id)))
      .returning();
    await recordAudit(tx, ctx, {
      action: 'workflow.update',
      resourceType: 'workflow',
      resourceId: id,
      details: {
        fields: ['variables'],
        variables: [...names],
        dropped_mappings: dropped,
        draft_revision: current.draftRevision + 1,
      },
    });
    return updated ?? current;
  });
  return toVariablesResource(row);
}
