import type { ExecutionStatus } from '../../db/schema/index.js';
import { requirePermission, type ServiceContext } from '../context.js';
import { listExecutions } from '../executions/list-executions.js';
import type { PageQuery } from '../lists/page-query.js';
import { findWorkflow } from './find-workflow.js';

export interface ListWorkflowExecutionsQuery extends PageQuery {
  status?: ExecutionStatus;
}

/**
 * Executions of one workflow, newest first: the execution list filtered to it, so it pages by
 * cursor and counts (capped, then estimated) exactly as GET /executions does.
 */
export async function listWorkflowExecutions(
  ctx: ServiceContext,
  id: string,
  query: ListWorkflowExecutionsQuery,
) {
  requirePermission(ctx, 'executions:read');
  await findWorkflow(ctx.db, ctx.orgId, id);
  return listExecutions(ctx, {
    filters: { workflowId: id, status: query.status ? [query.status] : undefined },
    page: query.page,
    pageSize: query.pageSize,
    cursor: query.cursor,
  });
}
