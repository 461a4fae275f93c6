import { asc, desc, type SQL } from 'drizzle-orm';
import { agentTasks } from '../../db/schema/index.js';
import { inOrg } from '../../db/tenant.js';
import type { ServiceContext } from '../context.js';
import { countRows } from '../lists/count-rows.js';
import type { CursorList } from '../lists/cursor.js';
import { timeIdKey } from '../lists/cursor-keys.js';
import { keysetPage } from '../lists/keyset-page.js';
import type { PageQuery } from '../lists/page-query.js';
import { afterTimeId, microsecondText } from '../lists/time-id-keyset.js';
import { toAgentTaskResource } from './task-resource.js';

/** The queue reads oldest first (the order robots claim in), an agent's tasks newest first. */
const ORDERS = {
  agent_task_queue: 'asc',
  agent_tasks_assigned: 'desc',
} as const satisfies Partial<Record<CursorList, 'asc' | 'desc'>>;

/**
 * One page of the organization's agent tasks matching `conditions`, in creation order or its
 * reverse. Offset pages and keyset cursors both work; a cursor page is a range scan, so a deep
 * page costs what the first one does.
 */
export async function taskPage(
  ctx: ServiceContext,
  conditions: SQL[],
  list: keyof typeof ORDERS,
  query: PageQuery,
) {
  const order = ORDERS[list];
  const direction = order === 'asc' ? asc : desc;
  const page = await keysetPage(query, {
    list,
    key: timeIdKey,
    rows: ({ after, limit, offset }) =>
      ctx.db
        .select({ row: agentTasks, key: microsecondText(agentTasks.createdAt) })
        .from(agentTasks)
        .where(
          inOrg(
            agentTasks,
            ctx.orgId,
            ...conditions,
            after && afterTimeId(agentTasks.createdAt, agentTasks.id, order, after),
          ),
        )
        .orderBy(direction(agentTasks.createdAt), direction(agentTasks.id))
        .limit(limit)
        .offset(offset),
    keyOf: ({ key, row }) => ({ at: key, id: row.id }),
    total: () => countRows(ctx.db, agentTasks, inOrg(agentTasks, ctx.orgId, ...conditions)),
  });
  return { ...page, items: page.items.map(({ row }) => toAgentTaskResource(row)) };
}
