import { desc, eq, ilike, isNull, type SQL, sql } from 'drizzle-orm';
import { workflows } from '../../db/schema/index.js';
import { inOrg } from '../../db/tenant.js';
import { requirePermission, type ServiceContext } from '../context.js';
import { countRows } from '../lists/count-rows.js';
import { offsetPage } from '../lists/offset-page.js';
import type { PageQuery } from '../lists/page-query.js';
import { toWorkflowResource, type WorkflowResource } from './workflow-resource.js';

export interface ListWorkflowsQuery extends PageQuery {
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

  const page = await offsetPage(query, {
    rows: ({ limit, offset }) =>
      ctx.db
        .select()
        .from(workflows)
        .where(where)
        .orderBy(desc(workflows.createdAt), desc(workflows.id))
        .limit(limit)
        .offset(offset),
    total: () => countRows(ctx.db, workflows, where),
  });
  const items: WorkflowResource[] = page.items.map(toWorkflowResource);
  return { ...page, items };
}

/** `%` and `_` in a search are literal characters, not wildcards. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
