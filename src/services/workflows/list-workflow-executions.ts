import { count, desc, eq } from 'drizzle-orm';
import { type ExecutionStatus, executions } from '../../db/schema/index.js';
import { inOrg } from '../../db/tenant.js';
import { requirePermission, type ServiceContext } from '../context.js';
import { toExecutionResource } from '../executions/serialize.js';
import { findWorkflow } from './find-workflow.js';

/** Executions of one workflow, newest first, in the shape every execution route uses. */
export async function listWorkflowExecutions(
  ctx: ServiceContext,
  id: string,
  query: { page: number; page_size: number; status?: ExecutionStatus },
) {
  requirePermission(ctx, 'executions:read');
  await findWorkflow(ctx.db, ctx.orgId, id);
  const where = inOrg(
    executions,
    ctx.orgId,
    eq(executions.workflowId, id),
    query.status ? eq(executions.status, query.status) : undefined,
  );
  const [rows, [total]] = await Promise.all([
    ctx.db
      .select()
      .from(executions)
      .where(where)
      .orderBy(desc(executions.startedAt), desc(executions.id))
      .limit(query.page_size)
      .offset((query.page - 1) * query.page_size),
    ctx.db.select({ n: count() }).from(executions).where(where),
  ]);
  return {
    items: rows.map((row) => toExecutionResource(row, ctx.temporal.namespace)),
    total: total?.n ?? 0,
    page: query.page,
    page_size: query.page_size,
  };
}
