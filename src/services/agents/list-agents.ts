import { desc, isNull, type SQL, sql } from 'drizzle-orm';
import { agents } from '../../db/schema/index.js';
import { inOrg } from '../../db/tenant.js';
import { requirePermission, type ServiceContext } from '../context.js';
import { countRows } from '../lists/count-rows.js';
import { offsetPage } from '../lists/offset-page.js';
import type { PageQuery } from '../lists/page-query.js';
import {
  type AgentStatus,
  presenceOf,
  statusCondition,
  tasksInHand,
  toAgentResource,
} from './agent-resource.js';

export interface ListAgentsQuery extends PageQuery {
  status?: AgentStatus;
  label?: string;
  kind?: 'robot' | 'ai';
}

/** The organization's agents, newest first, with presence derived at read time. */
export async function listAgents(ctx: ServiceContext, query: ListAgentsQuery) {
  const presence = presenceOf(ctx);
  requirePermission(ctx, 'agents:read');
  const now = presence.now ?? new Date();
  const conditions: SQL[] = [isNull(agents.deletedAt)];
  if (query.kind) conditions.push(sql`${agents.kind} = ${query.kind}`);
  if (query.label) conditions.push(sql`${agents.labels} @> ${JSON.stringify([query.label])}::jsonb`);
  if (query.status) conditions.push(statusCondition(query.status, { ...presence, now }));
  const where = inOrg(agents, ctx.orgId, ...conditions);

  const page = await offsetPage(query, {
    rows: ({ limit, offset }) =>
      ctx.db
        .select({ row: agents, inHand: tasksInHand })
        .from(agents)
        .where(where)
        .orderBy(desc(agents.createdAt), desc(agents.id))
        .limit(limit)
        .offset(offset),
    total: () => countRows(ctx.db, agents, where),
  });
  return {
    ...page,
    items: page.items.map(({ row, inHand }) => toAgentResource(row, { ...presence, now }, inHand)),
  };
}
