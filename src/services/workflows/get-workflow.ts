import { desc, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { workflowVersions } from '../../db/schema/index.js';
import { inOrg } from '../../db/tenant.js';
import { requirePermission, type ServiceContext } from '../context.js';
import { findWorkflow, type WorkflowRow } from './find-workflow.js';
import { toWorkflowDetail, type WorkflowDetail } from './workflow-resource.js';

export async function getWorkflow(ctx: ServiceContext, id: string): Promise<WorkflowDetail> {
  requirePermission(ctx, 'workflows:read');
  return workflowDetail(ctx.db, await findWorkflow(ctx.db, ctx.orgId, id));
}

/** The detail view of a row already loaded (after a change, read inside the same transaction). */
export async function workflowDetail(db: Db, row: WorkflowRow): Promise<WorkflowDetail> {
  const versions = await db
    .select({
      version: workflowVersions.version,
      publishedAt: workflowVersions.publishedAt,
      publishedBy: workflowVersions.publishedBy,
    })
    .from(workflowVersions)
    .where(inOrg(workflowVersions, row.orgId, eq(workflowVersions.workflowId, row.id)))
    .orderBy(desc(workflowVersions.version));
  return toWorkflowDetail(row, versions);
}
