import { asc, count, desc, type SQL, sql } from 'drizzle-orm';
import { agentTasks } from '../../db/schema/index.js';
import { inOrg } from '../../db/tenant.js';
import type { ServiceContext } from '../context.js';
import { decodeCursor, encodeCursor } from '../executions/cursor.js';
import { toAgentTaskResource } from './task-resource.js';

export interface TaskPageQuery {
  page: number;
  pageSize: number;
  /** From a previous answer's next_cursor (keyset pagination); `page` is then ignored. */
  cursor?: string;
}

interface TaskKey {
  /** created_at as text with its microseconds: a JS Date would round it to milliseconds. */
  createdAt: string;
  id: string;
}

/**
 * One page of the organization's agent tasks in creation order (`asc`: the order robots claim
 * them in) or its reverse. Offset pages and keyset cursors both work; a cursor page is a range
 * scan, so a deep page costs what the first one does.
 */
export async function taskPage(
  ctx: ServiceContext,
  conditions: SQL[],
  order: 'asc' | 'desc',
  query: TaskPageQuery,
) {
  const after = query.cursor === undefined ? undefined : decodeTaskCursor(query.cursor);
  const where = inOrg(agentTasks, ctx.orgId, ...conditions);
  const keyset =
    after &&
    (order === 'asc'
      ? sql`(${agentTasks.createdAt}, ${agentTasks.id}) > (${after.createdAt}::timestamptz, ${after.id})`
      : sql`(${agentTasks.createdAt}, ${agentTasks.id}) < (${after.createdAt}::timestamptz, ${after.id})`);
  const direction = order === 'asc' ? asc : desc;
  const [batch, [total]] = await Promise.all([
    ctx.db
      .select({
        row: agentTasks,
        key: sql<string>`to_char(${agentTasks.createdAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`,
      })
      .from(agentTasks)
      .where(inOrg(agentTasks, ctx.orgId, ...conditions, keyset))
      .orderBy(direction(agentTasks.createdAt), direction(agentTasks.id))
      .limit(query.pageSize + 1)
      .offset(after ? 0 : (query.page - 1) * query.pageSize),
    ctx.db.select({ n: count() }).from(agentTasks).where(where),
  ]);
  const items = batch.slice(0, query.pageSize);
  const last = items.at(-1);
  return {
    items: items.map(({ row }) => toAgentTaskResource(row)),
    total: total?.n ?? 0,
    page: query.page,
    page_size: query.pageSize,
    next_cursor: batch.length > query.pageSize && last ? encodeCursor([last.key, last.row.id]) : null,
  };
}

function decodeTaskCursor(cursor: string): TaskKey {
  return decodeCursor(cursor, (key) => {
    if (!Array.isArray(key) || key.length !== 2) return undefined;
    const [createdAt, id] = key as unknown[];
    if (typeof createdAt !== 'string' || typeof id !== 'string') return undefined;
    if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/.test(createdAt)) return undefined;
    return { createdAt, id };
  });
}
