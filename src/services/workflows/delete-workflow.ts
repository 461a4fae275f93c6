import { workflows } from '../../db/schema/index.js';
import { softDeleteInOrg } from '../../db/tenant.js';
import { recordAudit } from '../audit/record-audit.js';
import { requirePermission, type ServiceContext } from '../context.js';
import { findWorkflow } from './find-workflow.js';

/**
 * Soft delete: the row stays (executions and versions reference it, the audit trail names it) but
 * every read answers 404 from now on. Runs already started finish with their own definition.
 */
export async function deleteWorkflow(ctx: ServiceContext, id: string): Promise<void> {
  requirePermission(ctx, 'workflows:write');
  await ctx.db.transaction(async (tx) => {
    const current = await findWorkflow(tx, ctx.orgId, id, { forUpdate: true });
    await softDeleteInOrg(tx, workflows, ctx.orgId, current.id, ctx.clock());
    await recordAudit(tx, ctx, {
      action: 'workflow.delete',
      resourceType: 'workflow',
      resourceId: id,
      details: { name: current.name, status: current.status },
    });
  });
}
