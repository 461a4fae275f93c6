import { count, desc, eq, type SQL } from 'drizzle-orm';
import { type ApprovalStatus, approvals } from '../../db/schema/index.js';
import { inOrg } from '../../db/tenant.js';
import { requirePermission, type ServiceContext } from '../context.js';
import { toApprovalResource } from './serialize.js';

export interface ListApprovalsQuery {
  status?: ApprovalStatus;
  executionId?: string;
  workflowId?: string;
  page: number;
  pageSize: number;
}

/** Approval requests of the organization, newest first. */
export async function listApprovals(ctx: ServiceContext, query: ListApprovalsQuery) {
  requirePermission(ctx, 'approvals:read');
  const conditions: (SQL | undefined)[] = [
    query.status ? eq(approvals.status, query.status) : undefined,
    query.executionId ? eq(approvals.executionId, query.executionId) : undefined,
    query.workflowId ? eq(approvals.workflowId, query.workflowId) : undefined,
  ];
  const where = inOrg(approvals, ctx.orgId, ...conditions);
  const [rows, [total]] = await Promise.all([
    ctx.db
      .select()
      .from(approvals)
      .where(where)
      .orderBy(desc(approvals.createdAt), desc(approvals.id))
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize),
    ctx.db.select({ n: count() }).from(approvals).where(where),
  ]);
  return {
    items: rows.map(toApprovalResource),
    total: total?.n ?? 0,
    page: query.page,
    page_size: query.pageSize,
  };
}
