import { count, desc, type SQL } from 'drizzle-orm';
import { approvals } from '../../db/schema/index.js';
import { inOrg } from '../../db/tenant.js';
import type { ServiceContext } from '../context.js';
import { toApprovalResource } from './serialize.js';

/** One page of the organization's approval requests matching `conditions`, newest first, with the total. */
export async function approvalPage(
  ctx: ServiceContext,
  conditions: (SQL | undefined)[],
  page: { page: number; pageSize: number },
) {
  const where = inOrg(approvals, ctx.orgId, ...conditions);
  const [rows, [total]] = await Promise.all([
    ctx.db
      .select()
      .from(approvals)
      .where(where)
      .orderBy(desc(approvals.createdAt), desc(approvals.id))
      .limit(page.pageSize)
      .offset((page.page - 1) * page.pageSize),
    ctx.db.select({ n: count() }).from(approvals).where(where),
  ]);
  return {
    items: rows.map(toApprovalResource),
    total: total?.n ?? 0,
    page: page.page,
    page_size: page.pageSize,
  };
}
