import { eq, type SQL } from 'drizzle-orm';
import { type ApprovalStatus, approvals } from '../../db/schema/index.js';
import { requirePermission, type ServiceContext } from '../context.js';
import type { PageQuery } from '../lists/page-query.js';
import { approvalPage } from './approval-page.js';

export interface ListApprovalsQuery extends PageQuery {
  status?: ApprovalStatus;
  executionId?: string;
  workflowId?: string;
}

/** Approval requests of the organization, newest first. */
export async function listApprovals(ctx: ServiceContext, query: ListApprovalsQuery) {
  requirePermission(ctx, 'approvals:read');
  const conditions: (SQL | undefined)[] = [
    query.status ? eq(approvals.status, query.status) : undefined,
    query.executionId ? eq(approvals.executionId, query.executionId) : undefined,
    query.workflowId ? eq(approvals.workflowId, query.workflowId) : undefined,
  ];
  return approvalPage(ctx, conditions, query);
}
