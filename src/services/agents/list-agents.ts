import { count, desc, isNull, type SQL, sql } from 'drizzle-orm';
import { agents } from '../../db/schema/index.js';
import { inOrg } from '../../db/tenant.js';
import { requirePermission, type ServiceContext } from '../context.js';
import {
  type AgentStatus,
  presenceOf,
  statusCondition,
  tasksInHand,
  toAgentResource,
} from './agent-resource.js';

export interface ListAgentsQuery {
  page: number;
  page_size: number;
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

  const [rows, [total]] = await Promise.all([
    ctx.db
      .select({ row: agents, inHand: tasksInHand })
      .from(agents)
      .where(where)
      .orderBy(desc(agents.createdAt), desc(agents.id))
      .limit(query.page_size)
      .offset((query.page - 1) * query.page_size),
    ctx.db.select({ n: count() }).from(agents).where(where),
  ]);
  return {
    items: rows.map(({ row, inHand }) => toAgentResource(row, { ...presence, now }, inHand)),
    total: total?.n ?? 0,
    page: query.page,
    page_size: query.page_size,
  };
}
