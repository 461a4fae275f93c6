import { and, desc, eq } from 'drizzle-orm';
import { auditLogs } from '../../db/schema/index.js';
import { inOrg } from '../../db/tenant.js';
import type { AuditActionOn } from '../audit/actions.js';
import { requirePermission, type ServiceContext } from '../context.js';
import { countRows } from '../lists/count-rows.js';
import { offsetPage } from '../lists/offset-page.js';
import type { PageQuery } from '../lists/page-query.js';
import { findWorkflow } from './find-workflow.js';

/** The audit trail of one workflow, newest first: who created, edited, published, archived it. */
export async function workflowHistory(ctx: ServiceContext, id: string, query: PageQuery) {
  requirePermission(ctx, 'workflows:read');
  await findWorkflow(ctx.db, ctx.orgId, id);
  const where = inOrg(
    auditLogs,
    ctx.orgId,
    and(eq(auditLogs.resourceType, 'workflow'), eq(auditLogs.resourceId, id)),
  );
  const page = await offsetPage(query, {
    rows: ({ limit, offset }) =>
      ctx.db
        .select()
        .from(auditLogs)
        .where(where)
        .orderBy(desc(auditLogs.createdAt), desc(auditLogs.id))
        .limit(limit)
        .offset(offset),
    total: () => countRows(ctx.db, auditLogs, where),
  });
  return {
    ...page,
    items: page.items.map((row) => ({
      id: row.id,
      // recordAudit writes only catalogued actions, each with its resource type: these are workflow ones.
      action: row.action as AuditActionOn<'workflow'>,
      actor: { type: row.actorType, id: row.actorId ?? null },
      at: row.createdAt.toISOString(),
      details: row.details,
      request_id: row.requestId ?? null,
    })),
  };
}
