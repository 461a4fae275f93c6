import { eq, or, type SQL, sql } from 'drizzle-orm';
import { approvals, executions } from '../../db/schema/index.js';
import { requirePermission, type ServiceContext } from '../context.js';
import type { PageQuery } from '../lists/page-query.js';
import { approvalPage } from './approval-page.js';
import { roleNamesOf } from './approver-roles.js';

/**
 * The open requests the caller may decide now: addressed to them or to one of their roles at the
 * current level, not already decided by them at that level, and not of a run they started unless
 * the step allows self-approval. The same rules the workflow's validator applies.
 */
export async function listPendingApprovals(ctx: ServiceContext, query: PageQuery) {
  requirePermission(ctx, 'approvals:read');
  const empty = { items: [], total: 0, page: query.page, page_size: query.pageSize, next_cursor: null };
  const userId = ctx.actor.type === 'user' ? ctx.actor.id : null;
  if (!userId) return empty;
  const roleNames = await roleNamesOf(ctx.db, ctx.orgId, userId);
  const conditions: SQL[] = [
    eq(approvals.status, 'pending'),
    or(
      sql`${approvals.approverUserIds} @> ${JSON.stringify([userId])}::jsonb`,
      sql`exists (select 1 from jsonb_array_elements_text(${approvals.approverRoles}) as listed(name)
        where listed.name in (select jsonb_array_elements_text(${JSON.stringify(roleNames)}::jsonb)))`,
    ) as SQL,
    sql`(${approvals.allowSelfApproval} = 'yes' or ${approvals.requestedBy} is null or ${approvals.requestedBy} <> ${userId})`,
    sql`not exists (select 1 from jsonb_array_elements(${approvals.decisions}) as made(d)
      where made.d->>'user_id' = ${userId} and (made.d->>'level')::int = ${approvals.level})`,
    // A run terminated from outside never closed its requests: they can no longer be decided.
    sql`exists (select 1 from ${executions} where ${executions.id} = ${approvals.executionId} and ${executions.status} = 'running')`,
  ];
  return approvalPage(ctx, conditions, query);
}
