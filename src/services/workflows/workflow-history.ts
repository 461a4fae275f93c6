import { and, count, desc, eq } from 'drizzle-orm';
import { auditLogs } from '../../db/schema/index.js';
import { inOrg } from '../../db/tenant.js';
import { requirePermission, type ServiceContext } from '../context.js';
import { findWorkflow } from './find-workflow.js';

/** The audit trail of one workflow, newest first: who created, edited, published, archived it. */
export async function workflowHistory(
  ctx: ServiceContext,
  id: string,
  page: { page: number; page_size: number },
) {
  requirePermission(ctx, 'workflows:read');
  await findWorkflow(ctx.db, ctx.orgId, id);
  const where = inOrg(
    auditLogs,
    ctx.orgId,
    and(eq(auditLogs.resourceType, 'workflow'), eq(auditLogs.resourceId, id)),
  );
  const [rows, [total]] = await Promise.all([
    ctx.db
      .select()
      .from(auditLogs)
      .where(where)
      .orderBy(desc(auditLogs.createdAt), desc(auditLogs.id))
      .limit(page.page_size)
      .offset((page.page - 1) * page.page_size),
    ctx.db.select({ n: count() }).from(auditLogs).where(where),
  ]);
  return {
    items: rows.map((row) => ({
      id: row.id,
      action: row.action,
      actor: { type: row.actorType, id: row.actorId ?? null },
      at: row.createdAt.toISOString(),
      details: row.details,
      request_id: row.requestId ?? null,
    })),
    total: total?.n ?? 0,
    page: page.page,
    page_size: page.page_size,
  };
}
