import { count, desc, eq, ilike, isNull, type SQL, sql } from 'drizzle-orm';
import { workflows } from '../../db/schema/index.js';
import { inOrg } from '../../db/tenant.js';
import { requirePermission, type ServiceContext } from '../context.js';
import { toWorkflowResource, type WorkflowResource } from './workflow-resource.js';

export interface ListWorkflowsQuery {
  page: number;
  page_size: number;
  status?: 'draft' | 'published' | 'archived';
  tag?: string;
  /** Case-insensitive substring of the name. */
  q?: string;
}

export async function listWorkflows(ctx: ServiceContext, query: ListWorkflowsQuery) {
  requirePermission(ctx, 'workflows:read');
  const conditions: SQL[] = [isNull(workflows.deletedAt)];
  if (query.status) conditions.push(eq(workflows.status, query.status));
  if (query.tag) conditions.push(sql`${workflows.tags} @> ${JSON.stringify([query.tag])}::jsonb`);
  if (query.q) conditions.push(ilike(workflows.name, `%${escapeLike(query.q)}%`));
  const where = inOrg(workflows, ctx.orgId, ...conditions);

  const [rows, [total]] = await Promise.all([
    ctx.db
      .select()
      .from(workflows)
      .where(where)
      .orderBy(desc(workflows.createdAt), desc(workflows.id))
      .limit(query.page_size)
      .offset((query.page - 1) * query.page_size),
    ctx.db.select({ n: count() }).from(workflows).where(where),
  ]);
  const items: WorkflowResource[] = rows.map(toWorkflowResource);
  return { items, total: total?.n ?? 0, page: query.page, page_size: query.page_size };
}

/** `%` and `_` in a search are literal characters, not wildcards. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
