import { eq } from 'drizzle-orm';
import { executions } from '../../db/schema/index.js';
import { inOrg } from '../../db/tenant.js';
import { notFound } from '../../lib/errors.js';
import type { ServiceContext } from '../context.js';
import type { ExecutionRow } from './launch-execution.js';

/** The caller's organization's execution; another organization's is as missing as an unknown id. */
export async function findExecution(ctx: ServiceContext, id: string): Promise<ExecutionRow> {
  const [row] = await ctx.db
    .select()
    .from(executions)
    .where(inOrg(executions, ctx.orgId, eq(executions.id, id)));
  if (!row) throw notFound('Execution');
  return row;
}
