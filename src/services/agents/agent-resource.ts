import { and, count, eq, gt, isNull, lte, or, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { agents, agentTasks } from '../../db/schema/index.js';
import type { ServiceContext } from '../context.js';

export type AgentRow = typeof agents.$inferSelect;
export type AgentStatus = 'online' | 'offline';

/** Where presence comes from: the configured offline timeout, and a clock tests can pin. */
export interface Presence {
  offlineAfterSeconds: number;
  now?: Date;
}

/** The oldest heartbeat that still counts as online. */
/** The configured offline timeout, as the agent services read it from their context. */
export const presenceOf = (ctx: ServiceContext): Presence => ({
  offlineAfterSeconds: ctx.config.robotOfflineAfterSeconds,
});

export function onlineCutoff(presence: Presence): Date {
  return new Date((presence.now ?? new Date()).getTime() - presence.offlineAfterSeconds * 1000);
}

/**
 * Online or offline, derived each time from the last heartbeat: a stored flag would stay "online"
 * for a robot that died without saying goodbye.
 */
export function agentStatus(row: Pick<AgentRow, 'lastHeartbeatAt'>, presence: Presence): AgentStatus {
  return row.lastHeartbeatAt && row.lastHeartbeatAt > onlineCutoff(presence) ? 'online' : 'offline';
}

/** The status filter as SQL, computed the same way as `agentStatus`. */
export function statusCondition(status: AgentStatus, presence: Presence): SQL {
  const cutoff = onlineCutoff(presence);
  return status === 'online'
    ? (gt(agents.lastHeartbeatAt, cutoff) as SQL)
    : (or(isNull(agents.lastHeartbeatAt), lte(agents.lastHeartbeatAt, cutoff)) as SQL);
}

/** Tasks a robot holds right now (claimed, not finished): what max_concurrency limits. */
export const tasksInHand = sql<number>`(
  select count(*)::int from ${agentTasks}
  where ${agentTasks.orgId} = ${agents.orgId} and ${agentTasks.agentId} = ${agents.id}
    and ${agentTasks.status} = 'claimed'
)`;

/** The API shape of an agent. The robot's token never appears: only its first characters. */
export function toAgentResource(row: AgentRow, presence: Presence, inHand = 0) {
  return {
    id: row.id,
    kind: row.kind,
    name: row.name,
    description: row.description,
    labels: row.labels,
    capabilities: row.capabilities,
    max_concurrency: row.maxConcurrency,
    status: agentStatus(row, presence),
    tasks_in_hand: inHand,
    reported_status: row.reportedStatus ?? null,
    version: row.version ?? null,
    host: row.host,
    current_load: row.currentLoad,
    last_heartbeat_at: row.lastHeartbeatAt?.toISOString() ?? null,
    token_prefix: row.tokenPrefix ?? null,
    token_rotated_at: row.tokenRotatedAt?.toISOString() ?? null,
    created_by: row.createdBy ?? null,
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
  };
}

export type AgentResource = ReturnType<typeof toAgentResource>;

/** Register and rotate-token answer with this: the only times a robot's token is shown. */
export type AgentWithToken = AgentResource & { token: string };

export async function countTasksInHand(db: Db, orgId: string, agentId: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(agentTasks)
    .where(
      and(eq(agentTasks.orgId, orgId), eq(agentTasks.agentId, agentId), eq(agentTasks.status, 'claimed')),
    );
  return row?.n ?? 0;
}
