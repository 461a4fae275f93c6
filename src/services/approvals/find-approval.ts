import { eq } from 'drizzle-orm';
import { approvals } from '../../db/schema/index.js';
import { inOrg } from '../../db/tenant.js';
import { notFound } from '../../lib/errors.js';
import type { ServiceContext } from '../context.js';
import type { ApprovalRow } from './approval-rows.js';

/** The caller's organization's request; another organization's is as missing as an unknown id. */
export async function findApproval(ctx: ServiceContext, id: string): Promise<ApprovalRow> {
  const [row] = await ctx.db
    .select()
    .from(approvals)
    .where(inOrg(approvals, ctx.orgId, eq(approvals.id, id)));
  if (!row) throw notFound('Approval');
  return row;
}
