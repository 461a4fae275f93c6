import { eq } from 'drizzle-orm';
import { workflows } from '../../db/schema/index.js';
import { inOrg } from '../../db/tenant.js';
import { recordAudit } from '../audit/record-audit.js';
import { requirePermission, type ServiceContext } from '../context.js';
import { findWorkflow } from './find-workflow.js';
import { workflowDetail } from './get-workflow.js';
import type { WorkflowDetail } from './workflow-resource.js';

/**
 * Stops new runs (launchExecution refuses archived workflows) and freezes the draft; runs already
 * going finish. Archiving an archived workflow changes nothing. Publishing restores it.
 */
export async function archiveWorkflow(ctx: ServiceContext, id: string): Promise<WorkflowDetail> {
  requirePermission(ctx, 'workflows:publish');
  return ctx.db.transaction(async (tx) => {
    const current = await findWorkflow(tx, ctx.orgId, id, { forUpdate: true });
    if (current.status === 'archived') return workflowDetail(tx, current);
    const [updated] = await tx
      .update(workflows)
      .set({ status: 'archived', updatedAt: new Date() })
      .where(inOrg(workflows, ctx.orgId, eq(workflows.id, id)))
      .returning();
    await recordAudit(tx, ctx, {
      action: 'workflow.archive',
      resourceType: 'workflow',
      resourceId: id,
      details: { previous_status: current.status },
    });
    return workflowDetail(tx, updated ?? current);
  });
}
